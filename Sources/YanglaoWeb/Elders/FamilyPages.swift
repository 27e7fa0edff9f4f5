import Vapor
import YanglaoCore
import YanglaoStore

/// 我的家人: what an elder or family account sees — its own people, in large plain type.
/// And, on a person's page, the officer's form to bind a family account. `/family…`.
struct FamilyPages {
    struct Card: Encodable {
        let id: String
        let name: String
        let relation: String
        let age: Int
        let status: String
        let categories: [String]
    }
    struct ListBody: Encodable { let cards: [Card] }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("family", use: list)
        routes.get("family", ":id", use: show)
        routes.post("elders", ":id", "family", use: bind)
        routes.post("elders", ":id", "family", ":user", "remove", use: unbind)
    }

    func list(req: Request) async throws -> Response {
        let family = FamilyService(try req.context)
        let bound = try await family.mine()
        let items = try await req.elders.items(for: bound.map(\.elder))
        let cards = zip(bound, items).map { pair, item in
            Card(
                id: pair.elder.id!.uuidString, name: pair.elder.name, relation: pair.relation, age: pair.elder.birth.age(on: family.context.today),
                status: req.t("elder_status_\(pair.elder.status)"), categories: item.categories.map { req.t("category_\($0.rawValue)") })
        }
        return try await Pages.render("register/family", title: req.t("nav_family"), ListBody(cards: cards), for: req)
    }

    func show(req: Request) async throws -> Response {
        let family = FamilyService(try req.context)
        let detail = try await family.detail(try EldersAPI.id(req))
        return try await ElderPages().renderDetail(req, detail, service: try req.elders, familyView: true)
    }

    func bind(req: Request) async throws -> Response {
        let id = try EldersAPI.id(req)
        struct Form: Decodable {
            let username: String?
            let relation: String?
        }
        let form = try req.content.decode(Form.self)
        try await Pages.attempt(req) {
            _ = try await FamilyService(try req.context).bind(id, username: form.username ?? "", relation: form.relation ?? "")
            Pages.flash(req, "flash_family_bound")
        }
        return req.redirect(to: "/elders/\(id.uuidString)")
    }

    func unbind(req: Request) async throws -> Response {
        let id = try EldersAPI.id(req)
        guard let user = req.parameters.get("user").flatMap(UUID.init(uuidString:)) else { throw AppError(.notFound, "family_binding_not_found") }
        try await FamilyService(try req.context).unbind(id, userID: user)
        Pages.flash(req, "flash_family_unbound")
        return req.redirect(to: "/elders/\(id.uuidString)")
    }
}
