import Vapor
import YanglaoCore
import YanglaoStore

/// 回访 for the hotline: the week's sampled orders to call back, and their answers (the
/// stars count in the provider's rating). `/orders/follow-ups` and `/api/v1/follow-ups`.
struct FollowUpRoutes: RouteCollection {
    struct CallDTO: Content {
        let id: UUID
        let orderId: UUID
        let providerId: UUID
        let week: String
        let troubled: Bool
        let status: String
        let stars: Int?
        let note: String?
        let calledBy: String?
        init(_ c: FollowUpCallModel) {
            id = c.id!
            orderId = c.orderID
            providerId = c.providerID
            week = c.week
            troubled = c.troubled
            status = c.status
            stars = c.stars
            note = c.note
            calledBy = c.calledBy
        }
    }

    struct AnswerBody: Decodable {
        let reached: Bool?
        let stars: Int?
        let note: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(
            "follow-ups",
            use: { req in
                let page = try req.pageRequest()
                let (calls, total) = try await req.orders.pendingFollowUps(offset: page.offset, limit: page.per)
                return Page(items: calls.map { CallDTO($0.0) }, request: page, total: total)
            })
        routes.post(
            "follow-ups", ":call",
            use: { req in
                let body = try req.content.decode(AnswerBody.self)
                guard let reached = body.reached else { throw AppError(.invalidInput, "required", field: "reached") }
                return CallDTO(try await req.orders.answerFollowUp(try Self.id(req), reached: reached, stars: body.stars, note: body.note ?? ""))
            })
    }

    static func id(_ req: Request) throws -> UUID {
        try req.uuid("call", notFound: "follow_up_not_found")
    }

    // MARK: Pages

    struct Row: Encodable {
        let id: String
        let week: String
        let troubled: Bool
        let order: OrderView
    }
    struct Body: Encodable {
        let rows: [Row]
        let pager: Pages.Pager
    }

    func bootPages(_ routes: any RoutesBuilder) {
        routes.get("orders", "follow-ups", use: list)
        routes.post("orders", "follow-ups", ":call", use: answer)
    }

    func list(req: Request) async throws -> Response {
        let service = try req.orders
        let page = try req.pageRequest()
        let (calls, total) = try await service.pendingFollowUps(offset: page.offset, limit: page.per)
        let parties = try await service.parties(of: calls.map(\.1))
        let body = Body(
            rows: calls.map {
                Row(id: $0.0.id!.uuidString, week: $0.0.week, troubled: $0.0.troubled, order: OrderView($0.1, parties: parties, req: req))
            },
            pager: Pages.Pager(request: page, total: total, baseQuery: [:], path: "/orders/follow-ups", req: req))
        return try await Pages.render("orders/follow-ups", title: req.t("orders_queue_follow_ups"), body, for: req)
    }

    func answer(req: Request) async throws -> Response {
        struct Form: Decodable {
            let reached: String?
            let stars: Int?
            let note: String?
        }
        let form = try req.content.decode(Form.self)
        try await Pages.attempt(req) {
            _ = try await req.orders.answerFollowUp(try Self.id(req), reached: form.reached != "0", stars: form.stars, note: form.note ?? "")
            Pages.flash(req, "flash_follow_up_answered")
        }
        return req.redirect(to: "/orders/follow-ups")
    }
}
