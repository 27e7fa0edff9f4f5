import Vapor
import YanglaoCore
import YanglaoStore

/// `GET /api/v1/regions/{code}` and `/descendants`; a system administrator adds, renames
/// and retires regions (撤并) with `POST /regions`, `PATCH /regions/{code}` and `POST /regions/{code}/retire`.
struct RegionsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let regions = routes.grouped("regions")
        regions.post(use: add)
        regions.get(":code", use: show)
        regions.patch(":code", use: rename)
        regions.post(":code", "retire", use: retire)
        regions.get(":code", "descendants", use: descendants)
        regions.put(":code", "population", use: setPopulation)
    }

    func setPopulation(req: Request) async throws -> PopulationFigures {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let figures = try req.content.decode(PopulationFigures.self)
        return try await PopulationService(try req.context).set(code, figures).figures
    }

    struct NewRegion: Content {
        let code: String
        let name: String
        let urbanRural: String?
    }

    struct Rename: Content {
        let name: String
    }

    struct Retire: Content {
        let successor: String
    }

    func add(req: Request) async throws -> Response {
        let body = try req.content.decode(NewRegion.self)
        let code = try req.regionCode("code", from: body.code)
        let region = try await RegionChanges(try req.context).add(code: code, name: body.name, urbanRural: body.urbanRural)
        return try await RegionDTO(region).encodeResponse(status: .created, for: req)
    }

    func rename(req: Request) async throws -> RegionDTO {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let body = try req.content.decode(Rename.self)
        return RegionDTO(try await RegionChanges(try req.context).rename(code, to: body.name))
    }

    func retire(req: Request) async throws -> RegionDTO {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let successor = try req.regionCode("successor", from: try req.content.decode(Retire.self).successor)
        return RegionDTO(try await RegionChanges(try req.context).retire(code, into: successor))
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
