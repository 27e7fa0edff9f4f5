import Vapor
import YanglaoCore
import YanglaoStore

/// `GET /api/v1/catalogue`: the service catalogue in force in a region on a day;
/// `POST /api/v1/catalogue/versions`: a city or county publishes a version.
struct CatalogueAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let catalogue = routes.grouped("catalogue")
        catalogue.get(use: inForce)
        catalogue.post("versions", use: publish)
    }

    struct InForceDTO: Content {
        let regionCode: String?
        let validFrom: String?
        let items: [ServiceType]
    }

    struct VersionDTO: Content {
        let id: UUID
        let regionCode: String
        let validFrom: String
        let items: [CatalogueEntry]
        let publishedBy: String
    }

    struct NewVersion: Content {
        let region: String
        let validFrom: String
        let items: [CatalogueEntry]
    }

    func inForce(req: Request) async throws -> InForceDTO {
        struct Q: Decodable {
            let region: String?
            let date: String?
        }
        let query = try req.query.decode(Q.self)
        let region = try query.region.map { try req.regionCode("region", from: $0) } ?? (try req.currentUser.user.region)
        try req.scoped.authorize(region)
        let service = CatalogueService(try req.context)
        let day = try query.date.map { try Self.day($0, field: "date") } ?? service.context.today
        let found = try await service.inForce(for: region, on: day)
        return InForceDTO(regionCode: found.regionCode, validFrom: found.validFrom, items: found.catalogue)
    }

    func publish(req: Request) async throws -> Response {
        let body = try req.content.decode(NewVersion.self)
        let region = try req.regionCode("region", from: body.region)
        let version = try await CatalogueService(try req.context)
            .publish(region, validFrom: try Self.day(body.validFrom, field: "validFrom"), entries: body.items)
        let dto = VersionDTO(
            id: version.id!, regionCode: version.regionCode, validFrom: version.validFrom, items: version.entries,
            publishedBy: version.publishedBy)
        return try await dto.encodeResponse(status: .created, for: req)
    }

    static func day(_ text: String, field: String) throws -> CalendarDate {
        guard let day = CalendarDate(text) else { throw AppError(.invalidInput, "date_invalid", field: field, ["field": field, "value": text]) }
        return day
    }
}

extension ServiceType: Content {}
extension CatalogueEntry: Content {}
