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
        elders.get(
            "export",
            use: { req in try await ElderExport.response(req, format: (try? req.query.get(String.self, at: "format")) ?? "xlsx", defaultStatus: nil) }
        )
        elders.get(":id", use: show)
        elders.patch(":id", use: update)
        elders.post(":id", "status", use: changeStatus)
    }

    static func id(_ req: Request) throws -> UUID {
        try req.uuid("id", notFound: "elder_not_found")
    }

    /// A status change as sent by the API or the console's form.
    static func statusChange(status text: String?, date: String?) throws -> (ElderStatus, CalendarDate?) {
        guard let status = text.flatMap(ElderStatus.init(rawValue:)) else {
            throw AppError(.invalidInput, "status_invalid", field: "status", ["value": text ?? ""])
        }
        guard let date, !date.isEmpty else { return (status, nil) }
        guard let day = CalendarDate(date) else { throw AppError(.invalidInput, "day_invalid", field: "date", ["value": date]) }
        return (status, day)
    }

    func summary(_ elder: ElderModel, _ service: ElderService) async throws -> ElderSummaryDTO {
        guard let item = try await service.items(for: [elder]).first else { throw AppError(.notFound, "elder_not_found") }
        return ElderSummaryDTO(item.person, categories: item.categories, today: service.today)
    }

    func list(req: Request) async throws -> Page<ElderSummaryDTO> {
        let service = try req.elders
        let filter = try ElderListQuery.filter(from: try ElderListQuery.query(req), req: req, today: service.today)
        let page = try req.pageRequest()
        let result = try await service.list(filter, page: page)
        return Page(
            items: result.items.map { ElderSummaryDTO($0.person, categories: $0.categories, today: service.today) },
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
        let (status, day) = try Self.statusChange(status: body.status, date: body.date)
        let elder = try await service.changeStatus(try Self.id(req), to: status, on: day, note: body.note)
        return try await summary(elder, service)
    }

    func stats(req: Request) async throws -> ElderStatsDTO {
        let service = try req.elders
        let text = try req.query.get(String?.self, at: "region")
        let code = try text.map { try req.regionCode("region", from: $0) } ?? (try req.currentUser.user.region)
        let population = try await PopulationService(service.context).latest(of: code)
        return ElderStatsDTO(try await service.stats(of: code), population: population)
    }
}

/// The list filters of the query string, shared by the API, the console and the exports.
enum ElderListQuery {
    /// Every value is read as text, so an empty form field means "not given".
    struct Q: Decodable {
        let region: String?
        let name: String?
        let citizenId: String?
        let category: String?
        let minAge: String?
        let maxAge: String?
        let status: String?
        let enrolled: String?
        let sort: String?
        let order: String?

        /// The values given, for links that keep the filter (pager, sort headers, exports).
        var given: [String: String] {
            [
                "region": region ?? "", "name": name ?? "", "citizenId": citizenId ?? "", "category": category ?? "",
                "minAge": minAge ?? "", "maxAge": maxAge ?? "", "status": status ?? "", "enrolled": enrolled ?? "", "sort": sort ?? "",
                "order": order ?? "",
            ]
        }
    }

    static func query(_ req: Request) throws -> Q { try req.query.decode(Q.self) }

    /// The filter, or the first value that cannot be read. `status=all` or no status means
    /// every status unless `defaultStatus` says otherwise (the console shows 在册 by default).
    static func filter(from q: Q, req: Request, today: CalendarDate, defaultStatus: ElderStatus? = nil) throws -> ElderListFilter {
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
        func age(_ text: String?, _ name: String) throws -> Int? {
            guard let text, !text.isEmpty else { return nil }
            guard let v = Int(text), (0...150).contains(v) else {
                throw AppError(.invalidInput, "out_of_range", field: name, ["minimum": "0", "maximum": "150"])
            }
            return v
        }
        f.minAge = try age(q.minAge, "minAge")
        f.maxAge = try age(q.maxAge, "maxAge")
        if let lo = f.minAge, let hi = f.maxAge, lo > hi { throw AppError(.invalidInput, "age_range_order", field: "maxAge") }
        switch q.status ?? "" {
        case "": f.status = defaultStatus
        case "all": f.status = nil
        case let s:
            guard let status = ElderStatus(rawValue: s) else { throw AppError(.invalidInput, "status_invalid", field: "status", ["value": s]) }
            f.status = status
        }
        switch q.enrolled ?? "" {
        case "": break
        case "yes": f.enrolled = true
        case "no": f.enrolled = false
        case let e: throw AppError(.invalidInput, "enrolled_invalid", field: "enrolled", ["value": e])
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
