import Vapor
import YanglaoCore
import YanglaoStore

extension Request {
    var eligibility: EligibilityService {
        get throws { EligibilityService(try context) }
    }
}

/// A decision as the API gives it.
struct EligibilityDecisionDTO: Content {
    struct Finding: Content {
        let condition: String
        let met: Bool
        let fact: String
        let depth: Int
    }
    let item: String
    let name: String
    let eligible: Bool
    let day: String
    let explanation: String
    let findings: [Finding]

    init(_ d: EligibilityDecision) {
        item = d.rule
        name = d.name
        eligible = d.eligible
        day = d.day.description
        explanation = d.explanation
        findings = d.findings.map { Finding(condition: $0.condition, met: $0.met, fact: $0.fact, depth: $0.depth) }
    }
}

struct EligiblePersonDTO: Content {
    let elderId: UUID
    let name: String
    let citizenId: String
    let regionCode: String
    let age: Int
    let explanation: String
}

/// 资格 over HTTP: `/api/v1/elders/{id}/eligibility` and `/api/v1/eligibility?item=…&region=…`;
/// in the console, a person's page shows their decisions and `/eligibility` lists who is
/// eligible for an item, with XLSX/CSV export.
struct EligibilityRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("elders", ":id", "eligibility", use: decisions)
        routes.get("eligibility", use: eligibleAPI)
    }

    func bootPages(_ routes: any RoutesBuilder) {
        routes.get("eligibility", use: page)
        routes.get("eligibility", "export.xlsx", use: { req in try await export(req, format: "xlsx") })
        routes.get("eligibility", "export.csv", use: { req in try await export(req, format: "csv") })
    }

    func decisions(req: Request) async throws -> Page<EligibilityDecisionDTO> {
        Page(
            all: try await req.eligibility.decisions(for: try EldersAPI.id(req)).decisions.map(EligibilityDecisionDTO.init),
            request: try req.pageRequest())
    }

    struct Q: Decodable {
        let item: String?
        let region: String?
    }

    func query(_ req: Request) async throws -> (
        item: String, result: (list: ServiceListModel, rule: EligibilityRule, people: [(PersonWithFacts, EligibilityDecision)])
    ) {
        let q = try req.query.decode(Q.self)
        guard let item = q.item, !item.isEmpty else { throw AppError(.invalidInput, "required", field: "item") }
        let region = try q.region.flatMap { $0.isEmpty ? nil : $0 }.map { try req.regionCode("region", from: $0) }
        return (item, try await req.eligibility.eligible(for: item, in: region))
    }

    func eligibleAPI(req: Request) async throws -> Page<EligiblePersonDTO> {
        let page = try req.pageRequest()
        let (_, result) = try await query(req)
        let today = try req.context.today
        let slice = result.people.dropFirst(page.offset).prefix(page.per)
        return Page(
            items: slice.map { p, d in
                EligiblePersonDTO(
                    elderId: p.person.id, name: p.person.name, citizenId: p.person.idMasked, regionCode: p.person.regionCode,
                    age: p.person.birth.age(on: today), explanation: d.explanation)
            }, request: page, total: result.people.count)
    }

    struct Row: Encodable {
        let id: String
        let name: String
        let citizenId: String
        let regionCode: String
        let regionName: String
        let age: Int
        let explanation: String
    }
    struct Body: Encodable {
        let items: [Pages.Option]
        let region: String
        let chosen: String
        let ruleName: String
        let listVersion: String
        let rows: [Row]
        let total: Int
        let pager: Pages.Pager?
        let exportQuery: String
        let error: String?
    }

    func page(req: Request) async throws -> Response {
        let service = try req.eligibility
        let q = try req.query.decode(Q.self)
        let scope = try q.region.flatMap { $0.isEmpty ? nil : $0 }.map { try req.regionCode("region", from: $0) } ?? (try req.currentUser.user.region)
        let list = try await PublishedServiceLists(database: req.db).inForce(for: scope)
        let items = (list?.items ?? []).filter { $0.eligibility != nil }
        let chosen = q.item ?? ""
        var rows: [Row] = []
        var total = 0
        var ruleName = ""
        var error: String?
        var pager: Pages.Pager?
        if !chosen.isEmpty {
            do {
                let page = try req.pageRequest()
                let result = try await service.eligible(for: chosen, in: scope)
                ruleName = result.rule.name
                total = result.people.count
                let shown = result.people.dropFirst(page.offset).prefix(page.per)
                let villages = try await RegionNames.of(shown.map(\.0.person.regionCode), on: req.db)
                rows = shown.map { p, d in
                    Row(
                        id: p.person.id.uuidString, name: p.person.name, citizenId: p.person.idMasked, regionCode: p.person.regionCode,
                        regionName: villages[p.person.regionCode] ?? p.person.regionCode, age: p.person.birth.age(on: service.context.today),
                        explanation: d.explanation)
                }
                pager = Pages.Pager(
                    request: page, total: total, baseQuery: ["item": chosen, "region": q.region ?? ""], path: "/eligibility", req: req)
            } catch let e as AppError where e.kind == .notFound || e.kind == .invalidInput {
                error = req.t("error.\(e.code)", e.arguments)
            }
        }
        let body = Body(
            items: items.map { Pages.Option(value: $0.code, label: $0.name, selected: $0.code == chosen) }, region: q.region ?? "",
            chosen: chosen, ruleName: ruleName, listVersion: list.map { $0.version } ?? "", rows: rows, total: total, pager: pager,
            exportQuery: Pages.link("", ["item": chosen, "region": q.region ?? ""]), error: error)
        return try await Pages.render("eligibility/eligibility", title: req.t("nav_eligibility"), body, for: req)
    }

    func export(_ req: Request, format: String) async throws -> Response {
        let (item, result) = try await query(req)
        let today = try req.context.today
        var rows = [["姓名", "身份证号", "所属村（社区）代码", "年龄", "资格依据"]]
        for (p, d) in result.people {
            rows.append([p.person.name, p.person.idMasked, p.person.regionCode, String(p.person.birth.age(on: today)), d.explanation])
        }
        let regionText = (try? req.query.get(String.self, at: "region")).flatMap { $0.isEmpty ? nil : $0 }
        let region = try regionText.map { try req.regionCode("region", from: $0) } ?? (try req.currentUser.user.region)
        try await AuditLog.record(
            on: req.db, actor: try req.actor, action: "eligibility.export", recordType: "service_item", recordID: item,
            region: region, detail: "rows=\(rows.count - 1) format=\(format)")
        return try Downloads.table(rows, name: "\(result.rule.name)资格名单", format: format)
    }
}
