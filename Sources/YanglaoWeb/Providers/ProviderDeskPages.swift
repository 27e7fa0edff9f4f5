import Vapor
import YanglaoCore
import YanglaoStore

/// 派单台 of a provider administrator (mode a): the provider's orders waiting for a worker,
/// each with its qualified workers ranked and explained, one button to assign. `/provider-desk`.
struct ProviderDeskPages {
    struct Choice: Encodable {
        let id: String
        let name: String
        let explanation: String
    }
    struct Card: Encodable {
        let order: OrderView
        let choices: [Choice]
    }
    struct Body: Encodable {
        let linked: Bool
        let provider: String
        /// The provider's own page (workers) and this month's settlement statement.
        let providerHref: String
        let settlementHref: String
        let cards: [Card]
        /// The provider's orders its workers have taken and not finished, soonest wanted first.
        var open: [OrderView] = []
        var openTotal = 0
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("provider-desk", use: desk)
        routes.post("provider-desk", ":order", use: assign)
    }

    func desk(req: Request) async throws -> Response {
        let service = try req.orders
        guard service.context.actor.role == .providerAdmin else { throw AppError(.forbidden, "provider_forbidden") }
        guard let provider = try await service.myProvider() else {
            return try await Pages.render(
                "providers/provider-desk", title: req.t("nav_provider_desk"),
                Body(linked: false, provider: "", providerHref: "", settlementHref: "", cards: []), for: req)
        }
        // The desk shows the oldest 100 waiting orders, each with its ranked workers.
        let waiting = try await service.awaitingAssignment(page: try ListPage(page: 1, per: 100)).items
        let parties = try await service.parties(of: waiting.map(\.order))
        let cards = waiting.map { order, ranked in
            Card(
                order: OrderView(order, parties: parties, req: req),
                choices: ranked.map { Choice(id: $0.worker.id, name: $0.worker.name, explanation: $0.explanation) })
        }
        var filter = OrderFilter()
        filter.openOnly = true
        let waitingIDs = Set(waiting.map { $0.order.id })
        let open = try await service.list(filter, offset: 0, limit: 100)
        let taken = open.orders.filter { !waitingIDs.contains($0.id) }.sorted { $0.wantedAt < $1.wantedAt }
        let takenParties = try await service.parties(of: taken)
        var body = Body(
            linked: true, provider: provider.name, providerHref: "/providers/\(provider.id!.uuidString)",
            settlementHref: "/providers/\(provider.id!.uuidString)/settlement.xlsx?month=\(CalendarMonth(CalendarDate.today()))", cards: cards)
        body.open = taken.map { OrderView($0, parties: takenParties, req: req) }
        body.openTotal = open.total - waiting.count
        return try await Pages.render("providers/provider-desk", title: req.t("nav_provider_desk"), body, for: req)
    }

    func assign(req: Request) async throws -> Response {
        struct Form: Decodable { let worker: String? }
        let form = try req.content.decode(Form.self)
        try await Pages.attempt(req) {
            guard let worker = form.worker.flatMap(UUID.init(uuidString:)) else { throw AppError(.invalidInput, "required", field: "worker") }
            _ = try await req.orders.assign(try OrdersAPI.id(req), worker: worker)
            Pages.flash(req, "flash_order_assigned")
        }
        return req.redirect(to: "/provider-desk")
    }
}
