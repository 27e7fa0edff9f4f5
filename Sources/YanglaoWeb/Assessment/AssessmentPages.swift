import Vapor
import YanglaoCore
import YanglaoStore

/// 能力评估 in the console: the assessor's form (one screen per part, saved as it goes and
/// resumable), the result in the standard's C.1–C.5 structure, review, and the due list.
struct AssessmentPages {
    typealias Option = Pages.Option

    func boot(_ routes: any RoutesBuilder) {
        routes.post("elders", ":id", "assessments", use: start)
        let assessments = routes.grouped("assessments")
        assessments.get("due", use: dueList)
        assessments.get(":assessment", use: show)
        assessments.post(":assessment", "step", use: saveStep)
        assessments.post(":assessment", "submit", use: submit)
        assessments.post(":assessment", "approve", use: approve)
        assessments.post(":assessment", "return", use: giveBack)
        assessments.get(":assessment", "report.pdf", use: AssessmentReport.response)
    }

    /// The parts of the form in order: Annex A facts, the four dimensions, then review.
    static let steps = ["A"] + AbilityDimension.allCases.map(\.code) + ["review"]

    static func path(_ id: UUID, step: String? = nil) -> String {
        "/assessments/\(id.uuidString)" + (step.map { "?step=\($0)" } ?? "")
    }

    // MARK: Starting

    func start(req: Request) async throws -> Response {
        let elderID = try EldersAPI.id(req)
        struct Form: Decodable {
            let reason: String?
            let assessedOn: String?
        }
        let form = try req.content.decode(Form.self)
        do {
            guard let reason = AssessmentReason(rawValue: form.reason ?? "") else {
                throw AppError(.invalidInput, "assessment_reason_invalid", field: "reason", ["value": form.reason ?? ""])
            }
            var day: CalendarDate?
            if let text = form.assessedOn, !text.isEmpty {
                guard let parsed = CalendarDate(text) else { throw AppError(.invalidInput, "date_invalid", field: "assessedOn", ["value": text]) }
                day = parsed
            }
            let record = try await req.assessments.start(elderID: elderID, reason: reason, on: day)
            return req.redirect(to: Self.path(record.id!, step: "A"))
        } catch let error as AppError where error.kind == .invalidInput || error.kind == .conflict {
            Pages.flash(req, "error.\(error.code)", error.arguments, error: true)
            return req.redirect(to: "/elders/\(elderID.uuidString)")
        }
    }

    // MARK: The record

    struct StepLink: Encodable {
        let code: String
        let label: String
        let href: String
        let current: Bool
        let progress: String
    }
    struct ItemOption: Encodable {
        let id: String
        let score: Int
        let text: String
        let checked: Bool
    }
    struct Item: Encodable {
        let code: String
        let name: String
        let field: String
        let options: [ItemOption]
        let answered: Bool
        let error: String?
    }
    struct EventRow: Encodable {
        let field: String
        let code: String
        let label: String
        let options: [Option]
    }
    struct Fact: Encodable {
        let label: String
        let value: String
    }
    struct Subtotal: Encodable {
        let code: String
        let name: String
        let score: Int
        let maximum: Int
    }
    struct Reason: Encodable {
        let text: String
        let effect: String
    }
    struct Result: Encodable {
        let subtotals: [Subtotal]
        let total: Int
        let initialLevel: String
        let reasons: [Reason]
        let finalLevel: String
        let finalCode: Int
    }

    struct Body: Encodable {
        let id: String, elderID: String, elderName: String
        let status: String, statusLabel: String, statusClass: String
        let facts: [Fact]
        let reviewNote: String?
        let editing: Bool
        let steps: [StepLink]
        let step: String, stepTitle: String
        let isFactsStep: Bool, isDimensionStep: Bool, isReviewStep: Bool
        let previous: String?, next: String?
        // Annex A facts
        let reasons: [Option]
        let assessedOn: String
        let today: String
        let coma: Bool
        let diagnoses: String
        let events: [EventRow]
        // one dimension
        let items: [Item]
        let subtotal: Int
        let dimensionMaximum: Int
        let answered: Int
        let itemCount: Int
        let runningTotal: Int
        let totalMaximum: Int
        // review and result
        let missing: [String]
        let result: Result?
        let canReview: Bool
        let error: String?
    }

    func show(req: Request) async throws -> Response {
        let service = try req.assessments
        let (record, person) = try await service.auditedRecord(try AssessmentsAPI.id(req))
        return try await render(req, record, person, service: service, step: try? req.query.get(String.self, at: "step"))
    }

    /// The page of `record`, at `step` when it is being filled in; `problems` and `typed`
    /// re-show a step whose input was refused, with what was typed.
    func render(
        _ req: Request, _ record: AbilityAssessmentModel, _ person: ElderModel, service: AssessmentService, step requested: String?,
        problems: [AppError] = [], typed: [String: String] = [:]
    ) async throws -> Response {
        let scale = AbilityScale.gbt42195
        let answers = record.answers
        let facts = record.facts
        let editing = record.statusValue == .draft && service.actor.role.canAssess
        let step = editing ? (requested.flatMap { Self.steps.contains($0) ? $0 : nil } ?? "A") : "review"
        let index = Self.steps.firstIndex(of: step)!
        let dimension = AbilityDimension.allCases.first { $0.code == step }
        func message(_ field: String) -> String? {
            problems.first { $0.field == field }.map { req.t("error.\($0.code)", $0.arguments) }
        }
        let steps = Self.steps.map { code -> StepLink in
            let d = AbilityDimension.allCases.first { $0.code == code }
            let label =
                code == "A" ? req.t("assessment_step_facts") : code == "review" ? req.t("assessment_step_review") : "\(code) \(d!.chineseName)"
            let progress = d.map { "\(answers.answeredCount(of: $0))/\(scale.items(in: $0).count)" } ?? ""
            return StepLink(code: code, label: label, href: Self.path(record.id!, step: code), current: code == step, progress: progress)
        }
        let dimensionItems: [AssessmentItem] = dimension.map { scale.items(in: $0) } ?? []
        let items = dimensionItems.map { item -> Item in
            let field = "score-\(item.code)"
            let chosen = typed[field].flatMap(Int.init) ?? answers[item.code]
            return Item(
                code: item.code, name: item.chineseName, field: field,
                options: item.options.map { ItemOption(id: "\(item.code)-\($0.score)", score: $0.score, text: $0.text, checked: chosen == $0.score) },
                answered: chosen != nil, error: message(AssessmentAnswers.field(item.code)))
        }
        let events = CareRiskEventKind.allCases.map { kind in
            EventRow(
                field: "event-\(kind.rawValue)", code: kind.code, label: kind.chineseName,
                options: CareRiskFrequency.allCases.map {
                    Option(value: String($0.rawValue), label: $0.chineseName, selected: facts.careRiskEvents[kind] == $0)
                })
        }
        let missing = answers.problems().filter { $0.code == "assessment_item_missing" }.compactMap { $0.arguments["item"] }
        let result = record.result.map { r in
            Result(
                subtotals: r.subtotals.map {
                    Subtotal(code: $0.dimension.reportCode, name: $0.dimension.chineseName, score: $0.score, maximum: $0.maximum)
                },
                total: r.total, initialLevel: r.initialLevel.chineseName,
                reasons: r.reasons.map { Reason(text: $0.chineseText, effect: req.t("assessment_effect_\($0.effect.rawValue)")) },
                finalLevel: r.finalLevel.chineseName, finalCode: r.finalLevel.rawValue)
        }
        let canReview = record.statusValue == .submitted && service.actor.role.canReviewAssessments && record.assessorID != service.actor.userID
        var shownFacts = [
            Fact(label: req.t("assessment_standard"), value: record.standard),
            Fact(label: req.t("assessment_reason"), value: record.reasonValue.chineseName),
            Fact(label: req.t("assessment_date"), value: record.assessedOn),
            Fact(label: req.t("assessment_assessor"), value: record.assessorName),
        ]
        if let reviewer = record.reviewerName { shownFacts.append(Fact(label: req.t("assessment_reviewer"), value: reviewer)) }
        if let due = record.nextDue { shownFacts.append(Fact(label: req.t("assessment_next_due"), value: due)) }
        let body = Body(
            id: record.id!.uuidString, elderID: person.id!.uuidString, elderName: person.name,
            status: record.status, statusLabel: req.t("assessment_status_\(record.status)"), statusClass: record.statusValue == .approved ? "on" : "",
            facts: shownFacts, reviewNote: record.reviewNote, editing: editing, steps: steps, step: step,
            stepTitle: steps[index].label, isFactsStep: step == "A", isDimensionStep: dimension != nil, isReviewStep: step == "review",
            previous: index > 0 ? Self.steps[index - 1] : nil, next: index + 1 < Self.steps.count ? Self.steps[index + 1] : nil,
            reasons: AssessmentReason.allCases.map { Option(value: $0.rawValue, label: $0.chineseName, selected: $0 == record.reasonValue) },
            assessedOn: typed["assessedOn"] ?? record.assessedOn, today: service.today.description,
            coma: typed["coma"].map { $0 == "on" } ?? facts.coma,
            diagnoses: typed["diagnoses"] ?? facts.diagnoses.map(\.value).joined(separator: ", "),
            events: events,
            items: items, subtotal: dimension.map { answers.runningSubtotal(of: $0) } ?? 0,
            dimensionMaximum: dimension.map { scale.maximum(of: $0) } ?? 0,
            answered: dimension.map { answers.answeredCount(of: $0) } ?? 0, itemCount: items.count,
            runningTotal: AbilityDimension.allCases.reduce(0) { $0 + answers.runningSubtotal(of: $1) }, totalMaximum: scale.maximum,
            missing: missing, result: result, canReview: canReview,
            error: problems.isEmpty ? nil : problems.map { req.t("error.\($0.code)", $0.arguments) }.joined(separator: " "))
        return try await Pages.render(
            "assessment/assessment", title: "\(person.name) · \(req.t("assessment_title"))", body, for: req,
            status: problems.isEmpty ? .ok : .badRequest)
    }

    // MARK: Saving a step

    func saveStep(req: Request) async throws -> Response {
        let id = try AssessmentsAPI.id(req)
        let service = try req.assessments
        let form = try req.content.decode([String: String].self)
        let step = form["step"] ?? "A"
        var draft = AssessmentDraft()
        if step == "A" {
            draft.reason = form["reason"]
            draft.assessedOn = form["assessedOn"]
            draft.coma = form["coma"] == "on"
            draft.diagnoses = (form["diagnoses"] ?? "").split(whereSeparator: { ",，、; ；\n".contains($0) }).map(String.init)
            var events = CareRiskEvents()
            for kind in CareRiskEventKind.allCases {
                events[kind] = form["event-\(kind.rawValue)"].flatMap(Int.init).flatMap(CareRiskFrequency.init(rawValue:)) ?? .none
            }
            draft.careRiskEvents = events
        } else {
            var scores: [String: Int] = [:]
            for (key, value) in form where key.hasPrefix("score-") {
                // A score that is not a number is kept as -1, so the scale names the item.
                scores[String(key.dropFirst("score-".count))] = Int(value) ?? -1
            }
            draft.answers = scores
        }
        do {
            _ = try await service.save(id, draft)
        } catch let error as AppError where error.kind == .invalidInput {
            let (record, person) = try await service.record(id)
            return try await render(req, record, person, service: service, step: step, problems: error.problems, typed: form)
        }
        let target = form["go"].flatMap { Self.steps.contains($0) ? $0 : nil } ?? step
        return req.redirect(to: Self.path(id, step: target))
    }

    func submit(req: Request) async throws -> Response {
        let id = try AssessmentsAPI.id(req)
        do {
            _ = try await req.assessments.submit(id)
            Pages.flash(req, "flash_assessment_submitted")
            return req.redirect(to: Self.path(id))
        } catch let error as AppError where error.kind == .invalidInput || error.kind == .conflict {
            Pages.flash(req, "error.\(error.code)", error.arguments, error: true)
            return req.redirect(to: Self.path(id, step: "review"))
        }
    }

    func approve(req: Request) async throws -> Response {
        let id = try AssessmentsAPI.id(req)
        struct Form: Decodable { let note: String? }
        let form = try req.content.decode(Form.self)
        try await Pages.attempt(req) {
            _ = try await req.assessments.approve(id, note: form.note)
            Pages.flash(req, "flash_assessment_approved")
        }
        return req.redirect(to: Self.path(id))
    }

    func giveBack(req: Request) async throws -> Response {
        let id = try AssessmentsAPI.id(req)
        struct Form: Decodable { let note: String? }
        let form = try req.content.decode(Form.self)
        try await Pages.attempt(req) {
            _ = try await req.assessments.returnToAssessor(id, note: form.note ?? "")
            Pages.flash(req, "flash_assessment_returned")
        }
        return req.redirect(to: Self.path(id))
    }

    // MARK: Due list

    struct DueRow: Encodable {
        let elderID: String
        let name: String
        let regionCode: String
        let regionName: String
        let citizenId: String
        let level: String
        let assessedOn: String
        let nextDue: String
        let overdue: Bool
        let assessmentID: String
    }
    struct DueBody: Encodable {
        let rows: [DueRow]
        let region: String
        let by: String
        let today: String
        let pager: Pages.Pager
    }

    func dueList(req: Request) async throws -> Response {
        struct Q: Decodable {
            let region: String?
            let by: String?
        }
        let q = try req.query.decode(Q.self)
        let service = try req.assessments
        let region = try q.region.flatMap { $0.isEmpty ? nil : $0 }.map { try req.regionCode("region", from: $0) }
        var by = service.today
        if let text = q.by, !text.isEmpty {
            guard let day = CalendarDate(text) else { throw AppError(.invalidInput, "date_invalid", field: "by", ["value": text]) }
            by = day
        }
        let page = try req.pageRequest()
        let result = try await service.due(in: region, by: by, page: page)
        let villages = try await RegionNames.of(result.items.map(\.person.regionCode), on: req.db)
        let rows = result.items.map { due in
            DueRow(
                elderID: due.person.id.uuidString, name: due.person.name, regionCode: due.person.regionCode,
                regionName: villages[due.person.regionCode] ?? due.person.regionCode, citizenId: due.person.idMasked,
                level: due.finalLevel?.chineseName ?? "—", assessedOn: due.assessedOn, nextDue: due.nextDue,
                overdue: due.nextDue < service.today.description, assessmentID: due.assessmentID.uuidString)
        }
        let query = ["region": q.region ?? "", "by": q.by ?? ""]
        let body = DueBody(
            rows: rows, region: q.region ?? "", by: by.description, today: service.today.description,
            pager: Pages.Pager(request: page, total: result.total, baseQuery: query, path: "/assessments/due", req: req))
        return try await Pages.render("assessment/assessments-due", title: req.t("nav_assessments_due"), body, for: req)
    }
}
