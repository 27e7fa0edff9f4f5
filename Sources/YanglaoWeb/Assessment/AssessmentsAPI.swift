import Vapor
import YanglaoCore
import YanglaoStore

extension Request {
    var assessments: AssessmentService {
        get throws { AssessmentService(try context) }
    }
}

/// 能力评估 over HTTP: `/api/v1/assessments…` and a person's `/api/v1/elders/{id}/assessments`.
struct AssessmentsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("elders", ":id", "assessments", use: history)
        routes.post("elders", ":id", "assessments", use: start)
        let assessments = routes.grouped("assessments")
        assessments.get("scale", use: { _ in AssessmentScaleDTO(.gbt42195) })
        assessments.get("due", use: due)
        assessments.get(":assessment", use: show)
        assessments.patch(":assessment", use: save)
        assessments.post(":assessment", "submit", use: submit)
        assessments.post(":assessment", "approve", use: approve)
        assessments.post(":assessment", "return", use: giveBack)
        assessments.get(":assessment", "report.pdf", use: AssessmentReport.response)
    }

    static func id(_ req: Request) throws -> UUID {
        try req.uuid("assessment", notFound: "assessment_not_found")
    }

    func history(req: Request) async throws -> Page<AssessmentDTO> {
        Page(all: try await req.assessments.history(of: try EldersAPI.id(req)).map(AssessmentDTO.init), request: try req.pageRequest())
    }

    func start(req: Request) async throws -> Response {
        struct Body: Content {
            let reason: String?
            let assessedOn: String?
        }
        let body = try req.content.decode(Body.self)
        guard let reason = AssessmentReason(rawValue: body.reason ?? "") else {
            throw AppError(.invalidInput, "assessment_reason_invalid", field: "reason", ["value": body.reason ?? ""])
        }
        var day: CalendarDate?
        if let text = body.assessedOn, !text.isEmpty {
            guard let parsed = CalendarDate(text) else { throw AppError(.invalidInput, "date_invalid", field: "assessedOn", ["value": text]) }
            day = parsed
        }
        let record = try await req.assessments.start(elderID: try EldersAPI.id(req), reason: reason, on: day)
        let response = Response(status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/assessments/\(record.id!.uuidString)")
        try response.content.encode(AssessmentDTO(record))
        return response
    }

    /// A record in full: its health facts make it a personal record, so the read is audited.
    func show(req: Request) async throws -> AssessmentDTO {
        let service = try req.assessments
        let (record, _) = try await service.auditedRecord(try Self.id(req))
        return AssessmentDTO(record)
    }

    func save(req: Request) async throws -> AssessmentDTO {
        struct Body: Content {
            let reason: String?
            let assessedOn: String?
            let answers: [String: Int]?
            let coma: Bool?
            let diagnoses: [String]?
            let careRiskEvents: CareRiskEvents?
        }
        let b = try req.content.decode(Body.self)
        let draft = AssessmentDraft(
            reason: b.reason, assessedOn: b.assessedOn, answers: b.answers, coma: b.coma,
            diagnoses: b.diagnoses, careRiskEvents: b.careRiskEvents)
        return AssessmentDTO(try await req.assessments.save(try Self.id(req), draft))
    }

    func submit(req: Request) async throws -> AssessmentDTO {
        AssessmentDTO(try await req.assessments.submit(try Self.id(req)))
    }

    struct ReviewBody: Content { let note: String? }

    func approve(req: Request) async throws -> AssessmentDTO {
        let body = try? req.content.decode(ReviewBody.self)
        return AssessmentDTO(try await req.assessments.approve(try Self.id(req), note: body?.note))
    }

    func giveBack(req: Request) async throws -> AssessmentDTO {
        let body = try req.content.decode(ReviewBody.self)
        return AssessmentDTO(try await req.assessments.returnToAssessor(try Self.id(req), note: body.note ?? ""))
    }

    func due(req: Request) async throws -> Page<AssessmentDueDTO> {
        struct Q: Decodable {
            let region: String?
            let by: String?
        }
        let q = try req.query.decode(Q.self)
        let region = try q.region.flatMap { $0.isEmpty ? nil : $0 }.map { try req.regionCode("region", from: $0) }
        var day: CalendarDate?
        if let text = q.by, !text.isEmpty {
            guard let parsed = CalendarDate(text) else { throw AppError(.invalidInput, "date_invalid", field: "by", ["value": text]) }
            day = parsed
        }
        let page = try req.pageRequest()
        let result = try await req.assessments.due(in: region, by: day, page: page)
        return Page(items: result.items.map(AssessmentDueDTO.init), request: page, total: result.total)
    }
}
