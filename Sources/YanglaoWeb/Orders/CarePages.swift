import Vapor
import YanglaoCore
import YanglaoStore

/// 叫服务: the elder's and family's pages (适老化: large type, big targets, plain words, no
/// pop-ups). Three taps: 叫服务 → the service → 确认. Then the order's status in plain
/// words, the code to read out to the worker, 评价 and 投诉. `/care…`.
struct CarePages {
    struct Person: Encodable {
        let id: String
        let name: String
        let relation: String
        let active: Bool
        let address: String
        /// Not shown: the catalogue in force where the person lives prices their orders.
        let region: String
    }

    struct HomeBody: Encodable {
        let people: [Person]
        let only: Person?
        let services: [Pages.Option]
        let orders: [OrderView]
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("care", use: home)
        routes.get("care", "orders", ":order", use: show)
        routes.post("care", "orders", ":order", ":action", use: act)
        routes.get("care", ":id", use: home)
        routes.get("care", ":id", ":service", use: confirm)
        routes.post("care", ":id", ":service", use: place)
    }

    func people(_ req: Request) async throws -> [Person] {
        try requireFamily(req)
        return try await FamilyService(try req.context).mine().map {
            Person(
                id: $0.elder.id!.uuidString, name: $0.elder.name, relation: $0.relation, active: $0.elder.statusValue == .active,
                address: $0.elder.address, region: $0.elder.regionCode)
        }
    }

    /// The care pages are a family account's; which orders it may touch, the order service decides.
    func requireFamily(_ req: Request) throws {
        guard try req.actor.role == .elderFamily else { throw AppError(.forbidden, "order_forbidden") }
    }

    func home(req: Request) async throws -> Response {
        let people = try await people(req)
        let chosen = req.parameters.get("id")
        let only = chosen.flatMap { id in people.first { $0.id == id } } ?? (people.count == 1 ? people.first : nil)
        if chosen != nil && only == nil { throw AppError(.notFound, "elder_not_found") }
        let service = try req.orders
        let orders = try await service.familyOrders(limit: 20)
        let parties = try await service.parties(of: orders)
        let body = HomeBody(
            people: people, only: only, services: OrderView.services(selected: nil, req: req, includeAll: false),
            orders: orders.map { OrderView($0, parties: parties, req: req) })
        return try await Pages.render("orders/care", title: req.t("nav_care"), body, for: req)
    }

    struct ConfirmBody: Encodable {
        let person: Person
        let serviceCode: String
        let serviceName: String
        let price: String
        let address: String
        let key: String
    }

    func confirm(req: Request) async throws -> Response {
        let (person, type) = try await chosen(req)
        // 助急 is an emergency, not a paid order: it raises an alarm (the SOS page).
        if type.code == Self.emergency { return req.redirect(to: "/care/\(person.id)/sos") }
        let body = ConfirmBody(
            person: person, serviceCode: type.code, serviceName: req.locale == .en ? type.englishName : type.name,
            price: OrderView.yuan(type.priceFen), address: person.address, key: UUID().uuidString)
        return try await Pages.render("orders/care-confirm", title: req.t("care_confirm_title"), body, for: req)
    }

    func chosen(_ req: Request) async throws -> (Person, ServiceType) {
        let people = try await people(req)
        guard let person = people.first(where: { $0.id == req.parameters.get("id") }) else { throw AppError(.notFound, "elder_not_found") }
        // The price shown is the one the order will carry: the catalogue in force where the person lives.
        let context = try req.context
        let inForce = try await CatalogueService(context).inForce(for: RegionCode(validated: person.region), on: context.today)
        guard let type = req.parameters.get("service").flatMap({ ServiceCatalogue.type($0, in: inForce.catalogue) }) else {
            throw AppError(.notFound, "service_type_unknown", ["code": req.parameters.get("service") ?? ""])
        }
        return (person, type)
    }

    /// The service the family's SOS stands for.
    static let emergency = "emergency"

    func place(req: Request) async throws -> Response {
        let (person, type) = try await chosen(req)
        if type.code == Self.emergency { return req.redirect(to: "/care/\(person.id)/sos") }
        struct Form: Decodable {
            let key: String?
            let when: String?
            let notes: String?
        }
        let form = try req.content.decode(Form.self)
        let placed = try await Pages.attempt(req) {
            let input = OrderInput(
                elderId: UUID(uuidString: person.id)!, serviceType: type.code, wantedAt: try OrderPages.wanted(form.when),
                address: nil, notes: form.notes, channel: .app)
            // The key the confirm page carried: pressing 确认 twice places one order.
            return try await req.orders.create(input, idempotencyKey: form.key).order
        }
        guard let order = placed else { return req.redirect(to: "/care/\(person.id)/\(type.code)") }
        Pages.flash(req, "flash_care_placed")
        return req.redirect(to: "/care/orders/\(order.id!.uuidString)")
    }

    struct OrderBody: Encodable {
        let order: OrderView
        let plain: String
        let showCode: Bool
        let canRate: Bool
        let canComplain: Bool
        let canCancel: Bool
    }

    func show(req: Request) async throws -> Response {
        try requireFamily(req)
        let service = try req.orders
        let order = try await service.order(try OrdersAPI.id(req))
        let parties = try await service.parties(of: [order])
        let allowed = OrderLifecycle.events(from: order.statusValue)
        let view = OrderView(order, parties: parties, events: try await service.timeline(order.id!), req: req)
        let body = OrderBody(
            order: view, plain: req.t("care_plain_\(order.status)", ["worker": view.workerName]),
            showCode: [.accepted, .onTheWay, .inService].contains(order.statusValue),
            canRate: allowed.contains(.rate), canComplain: allowed.contains(.complain), canCancel: allowed.contains(.cancel))
        return try await Pages.render("orders/care-order", title: view.service, body, for: req)
    }

    func act(req: Request) async throws -> Response {
        try requireFamily(req)
        let id = try OrdersAPI.id(req)
        struct Form: Decodable {
            let stars: Int?
            let comment: String?
            let text: String?
            let reason: String?
        }
        let form = try req.content.decode(Form.self)
        let service = try req.orders
        try await Pages.attempt(req) {
            switch req.parameters.get("action") ?? "" {
            case "rate":
                _ = try await service.rate(id, stars: form.stars ?? 0, comment: form.comment ?? "")
                Pages.flash(req, "flash_care_rated")
            case "complain":
                _ = try await service.complain(id, text: form.text ?? "")
                Pages.flash(req, "flash_care_complained")
            case "cancel":
                _ = try await service.cancel(id, reason: (form.reason ?? "").isEmpty ? req.t("care_cancel_default_reason") : form.reason!)
                Pages.flash(req, "flash_care_cancelled")
            default: throw AppError(.notFound, "order_not_found")
            }
        }
        return req.redirect(to: "/care/orders/\(id.uuidString)")
    }
}
