import Vapor
import YanglaoCore
import YanglaoStore

/// The elder register: `/api/v1/elders…`.
struct EldersAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let elders = routes.grouped("elders")
        elders.get(use: list)
        elders.post(use: create)
        elders.get("stats", use: stats)
        elders.get("export", use: { req in try await ElderExport.response(req, format: (try? req.query.get(String.self, at: "format")) ?? "xlsx") })
        elders.get(":id", use: show)
        elders.patch(":id", use: update)
        elders.post(":id", "status", use: changeStatus)
    }

    static func id(_ req: Request) throws -> UUID {
        guard let text = req.parameters.get("id"), let id = UUID(uuidString: text) else { throw AppError(.notFound, "elder_not_found") }
        return id
    }

    func summary(_ elder: ElderModel, _ service: ElderService) async throws -> ElderSummaryDTO {
        let item = try await service.items(for: [elder])[0]
        return ElderSummaryDTO(item.model, categories: item.categories, today: service.today)
    }

    func list(req: Request) async throws -> Page<ElderSummaryDTO> {
        let service = try req.elders
        let filter = try ElderListQuery.filter(from: req, today: service.today)
        let page = try req.pageRequest()
        let result = try await service.list(filter, page: page)
        return Page(items: result.items.map { ElderSummaryDTO($0.model, categories: $0.categories, today: service.today) },
                    request: page, total: result.total)
    }

    func create(req: Request) async throws -> Response {
        let service = try req.elders
        let body = try req.content.decode(ElderInputBody.self)
        let elder = try await service.create(body.input)
        let response = Response(status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/elders/\(elder.id!.uuidString)")
        try response.content.encode(try await summary(elder, service))
        return response
    }

    func show(req: Request) async throws -> ElderDetailDTO {
        let service = try req.elders
        return ElderDetailDTO(try await service.detail(try Self.id(req)), today: service.today)
    }

    func update(req: Request) async throws -> ElderSummaryDTO {
        let service = try req.elders
        let body = try req.content.decode(ElderInputBody.self)
        let elder = try await service.update(try Self.id(req), body.input)
        return try await summary(elder, service)
    }

    func changeStatus(req: Request) async throws -> ElderSummaryDTO {
        let service = try req.elders
        let body = try req.content.decode(StatusChangeBody.self)
        guard let status = ElderStatus(rawValue: body.status) else {
            throw AppError(.invalidInput, "status_invalid", field: "status", ["value": body.status])
        }
        var day: CalendarDate?
        if let text = body.date, !text.isEmpty {
            guard let parsed = CalendarDate(text) else { throw AppError(.invalidInput, "day_invalid", field: "date", ["value": text]) }
            day = parsed
        }
        let elder = try await service.changeStatus(try Self.id(req), to: status, on: day, note: body.note)
        return try await summary(elder, service)
    }

    func stats(req: Request) async throws -> ElderStatsDTO {
        let service = try req.elders
        let text = try req.query.get(String?.self, at: "region")
        let code = try text.map { try req.regionCode("region", from: $0) } ?? (try req.currentUser.user.region)
        return ElderStatsDTO(try await service.stats(of: code))
    }
}

/// The list filters of the query string, shared by the API and the console.
enum ElderListQuery {
    struct Q: Decodable {
        let region: String?; let name: String?; let citizenId: String?; let category: String?
        let minAge: Int?; let maxAge: Int?; let status: String?; let sort: String?; let order: String?
    }

    static func filter(from req: Request, today: CalendarDate) throws -> ElderListFilter {
        let q = try req.query.decode(Q.self)
        var f = ElderListFilter()
        if let r = q.region, !r.isEmpty { f.region = try req.regionCode("region", from: r) }
        f.name = q.name
        if let text = q.citizenId, !text.isEmpty {
            do { f.citizenID = try CitizenID(text, today: today) } catch { throw error.appError(field: "citizenId") }
        }
        if let c = q.category, !c.isEmpty {
            guard let category = ElderCategory(text: c) else { throw AppError(.invalidInput, "category_invalid", field: "category", ["value": c]) }
            f.category = category
        }
        for (name, value) in [("minAge", q.minAge), ("maxAge", q.maxAge)] {
            if let v = value, !(0...150).contains(v) { throw AppError(.invalidInput, "out_of_range", field: name, ["minimum": "0", "maximum": "150"]) }
        }
        if let lo = q.minAge, let hi = q.maxAge, lo > hi { throw AppError(.invalidInput, "age_range_order", field: "maxAge") }
        f.minAge = q.minAge
        f.maxAge = q.maxAge
        if let s = q.status, !s.isEmpty {
            guard let status = ElderStatus(rawValue: s) else { throw AppError(.invalidInput, "status_invalid", field: "status", ["value": s]) }
            f.status = status
        }
        if let s = q.sort, !s.isEmpty {
            guard let sort = ElderListFilter.Sort(rawValue: s) else { throw AppError(.invalidInput, "sort_invalid", field: "sort", ["value": s]) }
            f.sort = sort
        }
        if let o = q.order, !o.isEmpty {
            guard o == "asc" || o == "desc" else { throw AppError(.invalidInput, "order_invalid", field: "order") }
            f.descending = o == "desc"
        }
        return f
    }
}
