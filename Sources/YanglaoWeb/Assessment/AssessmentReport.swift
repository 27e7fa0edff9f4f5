import Vapor
import YanglaoCore
import YanglaoPDF
import YanglaoStore

/// 老年人能力评估报告 as a PDF in the order of the standard's Annex C: the person and the
/// Annex A facts, C.1 dimension scores (with each item's chosen option), C.2 total, C.3
/// initial level, C.4 grounds for a change, C.5 final level. Only a scored record has a
/// report; one not yet approved says so on every reading.
enum AssessmentReport {
    static func pdf(_ record: AbilityAssessmentModel, person: ElderModel) throws -> Data {
        guard let result = record.result else { throw AppError(.conflict, "assessment_status", field: "status", ["status": record.status]) }
        let font: PDFFont
        do { font = try PDFFont.system() } catch { throw AppError(.unavailable, "pdf_font_missing") }
        let flow = PDFFlow(writer: PDFWriter(font: font, title: "老年人能力评估报告 \(person.name)"))
        flow.title("老年人能力评估报告")
        flow.paragraph("依据 \(result.standard)《老年人能力评估规范》", size: 10)
        if record.statusValue != .approved { flow.paragraph("【未经审核，仅供参考】", size: 12) }
        flow.space(6)
        flow.heading("评估信息与评估对象")
        var facts: [(String, String)] = [
            ("评估编号", String(record.id!.uuidString.prefix(8))), ("评估原因", record.reasonValue.chineseName),
            ("评估基准日期", record.assessedOn), ("评估员", record.assessorName),
            ("姓名", person.name), ("性别", person.sexValue == .male ? "男" : "女"),
            ("出生日期", person.birthDate), ("公民身份号码", person.idMasked),
        ]
        if let reviewer = record.reviewerName, record.statusValue == .approved {
            facts.append(("审核人", reviewer))
            facts.append(("审核日期", record.reviewedAt.map { CalendarDate($0, in: CalendarDate.chinaTimeZone).description } ?? "—"))
        }
        if let due = record.nextDue { facts.append(("下次评估日期", due)) }
        flow.keyValues(facts)
        let annexA = record.facts
        let events = annexA.careRiskEvents.occurred.map { "\($0.chineseName)\(annexA.careRiskEvents[$0].chineseName)" }
        flow.keyValues(
            [
                ("A.2.14 近30天内照护风险事件", events.isEmpty ? "无" : events.joined(separator: "、")),
                ("A.4.1 疾病诊断", annexA.diagnoses.isEmpty ? "未填写" : annexA.diagnoses.map(\.value).joined(separator: "、")),
                ("A.5.11 昏迷", annexA.coma ? "有" : "无"),
            ], columns: 1)

        flow.heading("C.1 一级指标分级")
        flow.table(
            columns: [("一级指标", 0.5), ("得分", 0.25), ("满分", 0.25)],
            rows: result.subtotals.map { ["\($0.dimension.reportCode) \($0.dimension.chineseName)", String($0.score), String($0.maximum)] })
        let answers = record.answers
        flow.table(
            columns: [("评估项目", 0.3), ("得分", 0.1), ("评估结果", 0.6)],
            rows: AbilityScale.gbt42195.items.map { item in
                let score = answers[item.code]
                return [
                    "\(item.code) \(item.chineseName)", score.map(String.init) ?? "—",
                    score.flatMap { item.option(scoring: $0)?.text } ?? "—",
                ]
            }, size: 9)
        flow.heading("C.2 初步等级得分")
        flow.paragraph("\(result.total) 分（满分 90 分）")
        flow.heading("C.3 老年人能力初步等级")
        flow.paragraph("\(result.initialLevel.standardName)")
        flow.heading("C.4 能力等级变更依据")
        if result.reasons.isEmpty {
            flow.paragraph("无（未登记昏迷，无痴呆及其他精神和行为障碍诊断，近30天内照护风险事件少于2次）")
        } else {
            for reason in result.reasons { flow.paragraph("· " + reason.chineseText) }
        }
        flow.heading("C.5 老年人能力最终等级")
        flow.paragraph("综合 C.3 老年人能力初步等级和 C.4 能力等级变更依据的结果，判定老年人能力最终等级为：\(result.finalLevel.standardName)", size: 12)
        flow.space(16)
        flow.paragraph("评估员签字：________________　　审核人签字：________________　　日期：____年__月__日", size: 10)
        return flow.finish()
    }

    static func response(_ req: Request) async throws -> Response {
        let service = try req.assessments
        let (record, person) = try await service.record(try AssessmentsAPI.id(req))
        let data = try pdf(record, person: person)  // a draft has no report: refused before anything is logged
        try await service.logRead(of: record, person: person, action: "assessment.report")
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        let name = "能力评估报告-\(person.name)-\(record.assessedOn).pdf"
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "report.pdf"
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"assessment-report.pdf\"; filename*=UTF-8''\(encoded)")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}
