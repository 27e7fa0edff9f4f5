import Vapor
import YanglaoCore
import YanglaoStore

/// `GET /api/v1/regions/{code}` and `/descendants`.
struct RegionsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let regions = routes.grouped("regions")
        regions.get(":code", use: show)
        regions.get(":code", "descendants", use: descendants)
    }

    func show(req: Request) async throws -> RegionDetailDTO {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let summary = try await req.scoped.regionSummary(code)
        return RegionDetailDTO(summary)
    }

    func descendants(req: Request) async throws -> Page<RegionDTO> {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        struct Q: Decodable {
            let level: String?
            let q: String?
        }
        let query = try req.query.decode(Q.self)
        var level: RegionLevel?
        if let text = query.level, !text.isEmpty {
            guard let parsed = RegionLevel(rawValue: text) else {
                throw AppError(.invalidInput, "level_invalid", field: "level", ["value": text])
            }
            level = parsed
        }
        let page = try req.pageRequest()
        let result = try await req.scoped.descendants(of: code, level: level, nameContains: query.q, page: page)
        return Page(items: result.items.map(RegionDTO.init), request: page, total: result.total)
    }
}
