import Vapor
import YanglaoCore
import YanglaoStore

extension Request {
    var serviceLists: ServiceListService {
        get throws { ServiceListService(try context) }
    }

    /// The published lists, which anyone may read.
    var publishedServiceLists: PublishedServiceLists {
        PublishedServiceLists(database: db)
    }
}

/// 基本养老服务清单 as the API gives it.
struct ServiceListDTO: Content {
    struct Item: Content {
        let code: String
        let category: String
        let categoryName: String
        let name: String
        let targetGroup: String
        let content: String
        let standard: ServiceStandard
        let standardText: String
        let payer: String
        let leadDepartment: String
    }
    let id: UUID
    let regionCode: String
    let version: String
    let validFrom: String
    let validTo: String?
    let status: String
    let note: String
    let items: [Item]
    let publishedBy: String?
    let publishedAt: Date?

    init(_ m: ServiceListModel) {
        id = m.id!
        regionCode = m.regionCode
        version = m.version
        validFrom = m.validFrom
        validTo = m.validTo
        status = m.status
        note = m.note
        items = m.items.map {
            Item(
                code: $0.code, category: $0.category.rawValue, categoryName: $0.category.chineseName, name: $0.name, targetGroup: $0.targetGroup,
                content: $0.content, standard: $0.standard, standardText: $0.standard.chineseText, payer: $0.payer, leadDepartment: $0.leadDepartment)
        }
        publishedBy = m.publishedBy
        publishedAt = m.publishedAt
    }
}

/// `/api/v1/service-lists…`: reading the list in force (any signed-in user), drafting and
/// publishing (city and county officers).
struct ServiceListAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let lists = routes.grouped("service-lists")
        lists.get(use: versions)
        lists.post(use: create)
        lists.get("in-force", use: inForce)
        lists.get(":list", use: show)
        lists.put(":list", use: update)
        lists.post(":list", "publish", use: publish)
    }

    static func id(_ req: Request) throws -> UUID {
        try req.uuid("list", notFound: "service_list_not_found")
    }

    struct Body: Content {
        let regionCode: String?
        let version: String?
        let validFrom: String?
        let validTo: String?
        let items: [ServiceListItem]?
        let note: String?
        var draft: ServiceListDraft {
            ServiceListDraft(version: version ?? "", validFrom: validFrom ?? "", validTo: validTo, items: items ?? [], note: note ?? "")
        }
    }

    func versions(req: Request) async throws -> Page<ServiceListDTO> {
        let text = try req.query.get(String?.self, at: "region")
        let region = try text.flatMap { $0.isEmpty ? nil : $0 }.map { try req.regionCode("region", from: $0) }
        return Page(all: try await req.serviceLists.versions(under: region).map(ServiceListDTO.init), request: try req.pageRequest())
    }

    func create(req: Request) async throws -> Response {
        let body = try req.content.decode(Body.self)
        let region = try req.regionCode("regionCode", from: body.regionCode)
        let list = try await req.serviceLists.create(for: region, body.draft)
        let response = Response(status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/service-lists/\(list.id!.uuidString)")
        try response.content.encode(ServiceListDTO(list))
        return response
    }

    func inForce(req: Request) async throws -> ServiceListDTO {
        let region = try req.regionCode("region", from: try req.query.get(String?.self, at: "region"))
        guard let list = try await req.publishedServiceLists.inForce(for: region) else {
            throw AppError(.notFound, "service_list_none", ["code": region.value])
        }
        return ServiceListDTO(list)
    }

    /// A published list for anyone signed in; a draft only for the officers who manage it.
    func show(req: Request) async throws -> ServiceListDTO {
        let service = try req.serviceLists
        let id = try Self.id(req)
        if let list = try? await service.published.published(id) { return ServiceListDTO(list) }
        return ServiceListDTO(try await service.managed(id))
    }

    func update(req: Request) async throws -> ServiceListDTO {
        let body = try req.content.decode(Body.self)
        return ServiceListDTO(try await req.serviceLists.update(try Self.id(req), body.draft))
    }

    func publish(req: Request) async throws -> ServiceListDTO {
        ServiceListDTO(try await req.serviceLists.publish(try Self.id(req)))
    }
}
