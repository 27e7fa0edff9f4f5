import Vapor
import YanglaoCore
import YanglaoStore

/// `GET /api/v1/statistics/{code}`: the cockpit's figures as numbers, for a period.
struct CockpitAPI: RouteCollection {
    struct FigureDTO: Content {
        let key: String
        let source: String
        let unit: String
        let value: Double?
        let lastYear: Double?
        let previous: Double?
        let children: [ChildDTO]
    }

    struct ChildDTO: Content {
        let code: String
        let value: Double?
    }

    struct ReadingDTO: Content {
        let region: String
        let name: String
        let period: String
        let figures: [FigureDTO]
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("statistics", ":code", use: read)
    }

    func read(req: Request) async throws -> ReadingDTO {
        let code = try req.regionCode("code", from: req.parameters.get("code"))
        let context = try req.context
        let period = try CockpitPages.period(req, today: context.today)
        let reading = try await CockpitService(context).read(code, period: period)
        return ReadingDTO(
            region: code.value, name: reading.region.name, period: period.description,
            figures: reading.figures.map { f in
                FigureDTO(
                    key: f.definition.key, source: f.source, unit: f.definition.unit.rawValue, value: f.value, lastYear: f.lastYear,
                    previous: f.previous,
                    children: reading.children.enumerated().map { ChildDTO(code: $1.id!, value: f.byChild[$0]) })
            })
    }
}
