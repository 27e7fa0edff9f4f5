import Vapor
import YanglaoCore
import YanglaoStore

/// 导出: the register list as CSV or XLSX, with the list's filters and masked numbers only.
enum ElderExport {
    /// Larger exports should be narrowed by region or filters first.
    static let maxRows = 50_000

    static func response(_ req: Request, format: String, defaultStatus: ElderStatus?) async throws -> Response {
        guard ["csv", "xlsx"].contains(format) else { throw AppError(.invalidInput, "format_invalid", field: "format", ["value": format]) }
        let service = try req.elders
        let filter = try ElderListQuery.filter(from: try ElderListQuery.query(req), req: req, today: service.today, defaultStatus: defaultStatus)
        let first = try await service.list(filter, page: try ListPage(page: 1, per: 1))
        guard first.total <= maxRows else {
            throw AppError(.invalidInput, "export_too_large", field: "region", ["count": String(first.total), "maximum": String(maxRows)])
        }
        var rows = [["姓名", "性别", "年龄", "出生日期", "身份证号", "联系电话", "所属村（社区）代码", "住址", "人员类别", "状态", "入网日期"]]
        var page = 1
        while (page - 1) * ListPage.maximumPer < first.total {
            let chunk = try await service.list(filter, page: try ListPage(page: page, per: ListPage.maximumPer))
            for item in chunk.items {
                let m = item.person
                rows.append([
                    m.name, m.sex == "male" ? "男" : "女", String(m.birth.age(on: service.today)), m.birthDate, m.idMasked,
                    m.phoneMasked ?? "", m.regionCode, m.address, item.categories.map(\.chineseName).joined(separator: "、"),
                    req.t("elder_status_\(m.status)"), m.enrolledOn ?? "",
                ])
            }
            page += 1
        }
        try await AuditLog.record(
            on: req.db, actor: try req.actor, action: "elder.export", recordType: "elder", recordID: nil,
            region: filter.region ?? (try req.currentUser.user.region), detail: "rows=\(rows.count - 1) format=\(format)")
        return try Downloads.table(rows, name: "老年人名单", format: format)
    }
}
