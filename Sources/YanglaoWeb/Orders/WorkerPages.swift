import Vapor
import YanglaoCore
import YanglaoStore

/// 服务人员 on the phone: today's offers and jobs with one big button for the next step
/// (接单 / 拒单, 出发 with navigation, 签到 with the phone's position, 签退 with the service
/// record and the elder's code), and going on or off duty. `/worker…`.
struct WorkerPages {
    struct Card: Encodable {
        let order: OrderView
        let offered: Bool, accepted: Bool, onTheWay: Bool, inService: Bool
    }

    struct Body: Encodable {
        let linked: Bool
        let name: String
        let onDuty: Bool
        let cards: [Card]
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("worker", use: today)
        routes.post("worker", "duty", use: duty)
        routes.post("worker", "orders", ":order", ":action", use: act)
    }

    func today(req: Request) async throws -> Response {
        let service = try req.orders
        guard service.context.actor.role == .serviceWorker else { throw AppError(.forbidden, "order_not_yours") }
        guard let me = try await req.workers.mine() else {
            return try await Pages.render(
                "orders/worker", title: req.t("nav_worker"), Body(linked: false, name: "", onDuty: false, cards: []), for: req)
        }
        let orders = try await service.myOrders()
        let parties = try await service.parties(of: orders)
        let cards = orders.map { o in
            Card(
                order: OrderView(o, parties: parties, req: req), offered: o.statusValue == .dispatched, accepted: o.statusValue == .accepted,
                onTheWay: o.statusValue == .onTheWay, inService: o.statusValue == .inService)
        }
        return try await Pages.render(
            "orders/worker", title: req.t("nav_worker"), Body(linked: true, name: me.name, onDuty: me.onDuty, cards: cards), for: req)
    }

    struct PositionForm: Decodable {
        let latitude: String?
        let longitude: String?
        let record: String?
        let code: String?
        let on: String?

        /// The phone's position when it gave one (the fields stay empty when it did not).
        func position() throws -> GeoPoint? {
            guard let lat = latitude.flatMap(Double.init), let lon = longitude.flatMap(Double.init) else { return nil }
            let point = GeoPoint(latitude: lat, longitude: lon)
            guard point.isValid else { throw AppError(.invalidInput, "out_of_range", field: "latitude", ["minimum": "-90", "maximum": "90"]) }
            return point
        }
    }

    func duty(req: Request) async throws -> Response {
        let workers = try req.workers
        guard let me = try await workers.mine() else { throw AppError(.forbidden, "order_not_yours") }
        let form = try req.content.decode(PositionForm.self)
        _ = try await workers.setDuty(me.requireID(), onDuty: form.on == "1", at: try form.position())
        Pages.flash(req, form.on == "1" ? "flash_worker_on_duty" : "flash_worker_off_duty")
        return req.redirect(to: "/worker")
    }

    func act(req: Request) async throws -> Response {
        let id = try OrdersAPI.id(req)
        let form = try req.content.decode(PositionForm.self)
        let service = try req.orders
        try await Pages.attempt(req) {
            switch req.parameters.get("action") ?? "" {
            case "accept":
                _ = try await service.respond(id, accept: true)
                Pages.flash(req, "flash_order_accepted")
            case "refuse":
                _ = try await service.respond(id, accept: false)
                Pages.flash(req, "flash_order_refused")
            case "depart":
                _ = try await service.depart(id)
                Pages.flash(req, "flash_order_departed")
            case "check-in":
                _ = try await service.checkIn(id, at: try form.position())
                Pages.flash(req, "flash_order_checked_in")
            case "check-out":
                _ = try await service.checkOut(id, record: form.record ?? "", code: form.code)
                Pages.flash(req, "flash_order_checked_out")
            default: throw AppError(.notFound, "order_not_found")
            }
        }
        return req.redirect(to: "/worker")
    }
}
