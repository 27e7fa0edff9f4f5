import Vapor
import YanglaoCore
import YanglaoStore

/// Family accounts: binding them to people, and what they see. `/api/v1/elders/{id}/family…`, `/api/v1/family/elders…`.
struct FamilyAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("elders", ":id", "family", use: bind)
        routes.delete("elders", ":id", "family", ":user", use: unbind)
        routes.get("family", "elders", use: mine)
        routes.get("family", "elders", ":id", use: show)
    }

    struct BindingDTO: Content {
        let userId: UUID
        let username: String
        let relation: String
    }

    func service(_ req: Request) throws -> FamilyService { FamilyService(try req.context) }

    func bind(req: Request) async throws -> Response {
        struct Body: Content {
            let username: String
            let relation: String
        }
        let body = try req.content.decode(Body.self)
        let binding = try await service(req).bind(try EldersAPI.id(req), username: body.username, relation: body.relation)
        let response = Response(status: .created)
        try response.content.encode(BindingDTO(userId: binding.$user.id, username: body.username.lowercased(), relation: binding.relation))
        return response
    }

    func unbind(req: Request) async throws -> Response {
        guard let user = req.parameters.get("user").flatMap(UUID.init(uuidString:)) else { throw AppError(.notFound, "family_binding_not_found") }
        try await service(req).unbind(try EldersAPI.id(req), userID: user)
        return Response(status: .noContent)
    }

    struct FamilyElderDTO: Content {
        let id: UUID, name: String, relation: String, age: Int, status: String, categories: [String], phone: String?
    }

    func mine(req: Request) async throws -> Page<FamilyElderDTO> {
        let family = try service(req)
        let bound = try await family.mine()
        let items = try await req.elders.items(for: bound.map(\.elder))
        let dtos = zip(bound, items).map { pair, item in
            FamilyElderDTO(
                id: pair.elder.id!, name: pair.elder.name, relation: pair.relation, age: pair.elder.birth.age(on: family.context.today),
                status: pair.elder.status, categories: item.categories.map(\.rawValue), phone: pair.elder.phoneMasked)
        }
        return Page(all: dtos, request: try req.pageRequest())
    }

    func show(req: Request) async throws -> ElderDetailDTO {
        let family = try service(req)
        return ElderDetailDTO(try await family.detail(try EldersAPI.id(req)), today: family.context.today)
    }
}
