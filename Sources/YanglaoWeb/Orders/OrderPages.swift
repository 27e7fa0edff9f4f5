import Vapor
import YanglaoCore
import YanglaoStore

/// 工单 in the console: the board with its filters and queues (热线待派, 待审标记, 投诉),
/// an order's detail with its timeline and why this worker, and the hotline's order form
/// with a quick person search. `/orders…`.
struct OrderPages {
    struct Row: Encodable {
        let order: OrderView
        let flagged: Bool
    }

    struct BoardBody: Encodable {
        let rows: [Row]
        let statuses: [Pages.Option]
        let services: [Pages.Option]
        let providers: [Pages.Option]
        let region: String
        let flagged: Bool
        let queues: [Pages.NavLink]
        let canOrder: Bool
        let pager: Pages.Pager
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("orders", use: board)
        routes.get("orders", "new", use: newOrder)
        routes.post("orders", use: create)
        routes.get("orders", ":order", use: detail)
        routes.post("orders", ":order", ":action", use: act)
    }

    func board(req: Request) async throws -> Response {
        struct Q: Decodable {
            let region: String?
            let status: String?
            let service: String?
            let provider: String?
            let flagged: String?
            let review: String?
            let complaint: String?
            let from: String?
            let to: String?
        }
        let q = try req.query.decode(Q.self)
        let service = try req.orders
        func present(_ s: String?) -> String? {
            s.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
        }
        var filter = OrderFilter(flaggedOnly: q.flagged == "1")
        filter.region = try present(q.region).map { try req.regionCode("region", from: $0) }
        filter.status = present(q.status).flatMap(OrderStatus.init(rawValue:))
        filter.serviceType = present(q.service)
        filter.providerID = present(q.provider).flatMap(UUID.init(uuidString:))
        filter.awaitingReview = present(q.review).flatMap(ReviewKind.init(rawValue:))
        filter.complainedOnly = q.complaint == "1"
        func day(_ text: String?, _ field: String) throws -> CalendarDate? {
            guard let text = present(text) else { return nil }
            guard let day = CalendarDate(text) else { throw AppError(.invalidInput, "date_invalid", field: field, ["value": text]) }
            return day
        }
        filter.from = try day(q.from, "from")
        filter.to = try day(q.to, "to")
        let page = try req.pageRequest()
        let (orders, total) = try await service.list(filter, offset: page.offset, limit: page.per)
        let parties = try await service.parties(of: orders)
        let providers = (try? await req.providers.list()) ?? []
        let query = [
            "region": q.region ?? "", "status": q.status ?? "", "service": q.service ?? "", "provider": q.provider ?? "", "flagged": q.flagged ?? "",
            "review": q.review ?? "", "complaint": q.complaint ?? "", "from": q.from ?? "", "to": q.to ?? "",
        ]
        let queues: [(String, [String: String])] = [
            ("orders_queue_all", [:]), ("orders_queue_waiting", ["status": "waiting"]),
            ("orders_queue_flagged", ["review": "flags"]), ("orders_queue_complained", ["review": "complaint"]),
        ]
        let body = BoardBody(
            rows: orders.map { Row(order: OrderView($0, parties: parties, req: req), flagged: !$0.flags.isEmpty) },
            statuses: [Pages.Option(value: "", label: req.t("all_statuses"), selected: filter.status == nil)]
                + OrderStatus.allCases.map {
                    Pages.Option(value: $0.rawValue, label: req.t("order_status_\($0.rawValue)"), selected: filter.status == $0)
                },
            services: OrderView.services(selected: filter.serviceType, req: req, includeAll: true),
            providers: [Pages.Option(value: "", label: req.t("all_providers"), selected: filter.providerID == nil)]
                + providers.map { Pages.Option(value: $0.id!.uuidString, label: $0.name, selected: filter.providerID == $0.id) },
            region: q.region ?? "", flagged: filter.flaggedOnly,
            queues: queues.map { key, values in
                let current = values.allSatisfy { query[$0.key] == $0.value } && (values.isEmpty ? query.values.allSatisfy(\.isEmpty) : true)
                return Pages.NavLink(href: Pages.link("/orders", values), label: req.t(key), current: current)
            }
                // 回访 is the hotline's and the county, township and village officers' work.
                + (service.context.actor.role.canOrderForElders
                    ? [Pages.NavLink(href: "/orders/follow-ups", label: req.t("orders_queue_follow_ups"), current: false)] : []),
            canOrder: service.context.actor.role.canOrderForElders,
            pager: Pages.Pager(request: page, total: total, baseQuery: query, path: "/orders", req: req))
        return try await Pages.render("orders/orders", title: req.t("nav_orders"), body, for: req)
    }

    struct DetailBody: Encodable {
        let order: OrderView
        let canRedispatch: Bool
        let canCancel: Bool
        let canRate: Bool
        let canComplain: Bool
        let canResolveComplaint: Bool
        let canReviewFlags: Bool
    }

    func detail(req: Request) async throws -> Response {
        let service = try req.orders
        let id = try OrdersAPI.id(req)
        let order = try await service.order(id)
        let events = try await service.timeline(id)
        let parties = try await service.parties(of: [order])
        let actors = try await ActorLabel.names(
            events.map(\.actorUsername) + [order.orderedBy] + [order.complaintResolvedBy, order.flagsReviewedBy].compactMap { $0 }, on: req.db)
        let allowed = OrderLifecycle.events(from: order.statusValue)
        let acts = service.context.actor.role.canOrderForElders
        let body = DetailBody(
            order: OrderView(order, parties: parties, events: events, actors: actors, req: req),
            canRedispatch: acts && [.waiting, .refused, .created].contains(order.statusValue),
            canCancel: acts && allowed.contains(.cancel), canRate: acts && allowed.contains(.rate), canComplain: acts && allowed.contains(.complain),
            canResolveComplaint: service.context.actor.role.canReviewOrders && order.complaint != nil && order.complaintResolvedAt == nil,
            canReviewFlags: service.context.actor.role.canReviewOrders && !order.flags.isEmpty && order.flagsReviewedAt == nil)
        return try await Pages.render(
            "orders/order", title: req.t("order_title", ["service": body.order.service, "name": body.order.personName]), body, for: req)
    }

    struct NewBody: Encodable {
        let picker: PersonPicker
        let services: [Pages.Option]
        let channel: String
    }

    func newOrder(req: Request) async throws -> Response {
        let elders = try req.elders
        guard elders.actor.role.canOrderForElders else { throw AppError(.forbidden, "order_forbidden") }
        let body = NewBody(
            picker: try await PersonPicker.load(req, path: "/orders/new", chooseLabel: req.t("order_for_person")),
            services: OrderView.services(selected: nil, req: req, includeAll: false),
            channel: elders.actor.role == .hotlineOperator ? OrderChannel.phone.rawValue : OrderChannel.officer.rawValue)
        return try await Pages.render("orders/order-new", title: req.t("order_new_title"), body, for: req)
    }

    func create(req: Request) async throws -> Response {
        struct Form: Decodable {
            let elder: String?
            let service: String?
            let when: String?
            let notes: String?
            let channel: String?
        }
        let form = try req.content.decode(Form.self)
        guard let elderID = form.elder.flatMap(UUID.init(uuidString:)) else { throw AppError(.invalidInput, "required", field: "elder") }
        let channel = form.channel.flatMap(OrderChannel.init(rawValue:)) ?? .officer
        let placed = try await Pages.attempt(req) {
            let input = OrderInput(
                elderId: elderID, serviceType: form.service ?? "", wantedAt: try Self.wanted(form.when),
                address: nil, notes: form.notes, channel: channel)
            return try await req.orders.create(input).order
        }
        guard let order = placed else { return req.redirect(to: "/orders/new?elder=\(elderID.uuidString)") }
        Pages.flash(req, Self.dispatchFlash(order))
        return req.redirect(to: "/orders/\(order.id!.uuidString)")
    }

    /// What a dispatch did: queued for the hotline, offered to a worker, or offered to a
    /// provider that picks its own worker (服务商先接单).
    static func dispatchFlash(_ order: OrderModel) -> String {
        if order.statusValue == .waiting { return "flash_order_queued" }
        return order.workerID == nil && order.providerID != nil ? "flash_order_to_provider" : "flash_order_dispatched"
    }

    /// A `datetime-local` value read as Beijing time; empty means now.
    static func wanted(_ text: String?) throws -> Date? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = CalendarDate.chinaTimeZone
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        throw AppError(.invalidInput, "order_time_invalid", field: "when", ["value": text])
    }

    /// The console's actions on an order: 人工派单, 取消, and 评价 or 投诉 taken on the phone.
    func act(req: Request) async throws -> Response {
        let id = try OrdersAPI.id(req)
        struct Form: Decodable {
            let reason: String?
            let stars: Int?
            let comment: String?
            let text: String?
            let outcome: String?
            let verdict: String?
            let note: String?
        }
        let form = try req.content.decode(Form.self)
        let service = try req.orders
        try await Pages.attempt(req) {
            switch req.parameters.get("action") ?? "" {
            case "redispatch":
                let order = try await service.redispatch(id)
                Pages.flash(req, Self.dispatchFlash(order))
            case "cancel":
                _ = try await service.cancel(id, reason: form.reason ?? "")
                Pages.flash(req, "flash_order_cancelled")
            case "rate":
                _ = try await service.rate(id, stars: form.stars ?? 0, comment: form.comment ?? "")
                Pages.flash(req, "flash_order_rated")
            case "complain":
                _ = try await service.complain(id, text: form.text ?? "")
                Pages.flash(req, "flash_order_complained")
            case "resolve-complaint":
                _ = try await service.resolveComplaint(id, outcome: form.outcome ?? "")
                Pages.flash(req, "flash_order_complaint_resolved")
            case "review-flags":
                guard let verdict = form.verdict.flatMap(FlagVerdict.init(rawValue:)) else {
                    throw AppError(.invalidInput, "flag_verdict_invalid", field: "verdict", ["value": form.verdict ?? ""])
                }
                _ = try await service.reviewFlags(id, verdict: verdict, note: form.note ?? "")
                Pages.flash(req, "flash_order_flags_reviewed")
            default:
                throw AppError(.notFound, "order_not_found")
            }
        }
        return req.redirect(to: "/orders/\(id.uuidString)")
    }
}
