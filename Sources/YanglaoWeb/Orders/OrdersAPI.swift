import Vapor
import YanglaoCore
import YanglaoStore

extension Request {
    var orders: OrderService {
        get throws { OrderService(elders: try elders) }
    }
}

struct OrderEventDTO: Content {
    let event: String; let fromStatus: String?; let toStatus: String; let actor: String; let at: Date; let detail: String
    init(_ e: OrderEventModel) {
        event = e.event; fromStatus = e.fromStatus; toStatus = e.toStatus; actor = e.actorUsername; at = e.at; detail = e.detail
    }
}

struct OrderDTO: Content {
    let id: UUID; let elderId: UUID; let regionCode: String; let serviceType: String; let status: String; let statusName: String
    let wantedAt: Date; let scheduled: Bool; let address: String; let notes: String; let channel: String; let orderedBy: String
    let providerId: UUID?; let workerId: UUID?; let dispatchExplanation: String?; let queueReason: String?; let priceFen: Int
    let createdAt: Date?; let events: [OrderEventDTO]?

    init(_ o: OrderModel, events: [OrderEventModel]? = nil) {
        id = o.id!; elderId = o.elderID; regionCode = o.regionCode; serviceType = o.serviceType; status = o.status
        statusName = o.statusValue.chineseName; wantedAt = o.wantedAt; scheduled = o.scheduled; address = o.address; notes = o.notes
        channel = o.channel; orderedBy = o.orderedBy; providerId = o.providerID; workerId = o.workerID
        dispatchExplanation = o.dispatchExplanation; queueReason = o.queueReason; priceFen = o.priceFen; createdAt = o.createdAt
        self.events = events?.map(OrderEventDTO.init)
    }
}

/// 工单 over HTTP: `POST /api/v1/orders` (with an optional `Idempotency-Key` header: a retry
/// returns the same order), an order with its timeline, and the offered worker's answer.
struct OrdersAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let orders = routes.grouped("orders")
        orders.post(use: create)
        orders.get(":order", use: show)
        orders.post(":order", "accept", use: { req in try await respond(req, accept: true) })
        orders.post(":order", "refuse", use: { req in try await respond(req, accept: false) })
    }

    static func id(_ req: Request) throws -> UUID {
        guard let text = req.parameters.get("order"), let id = UUID(uuidString: text) else { throw AppError(.notFound, "order_not_found") }
        return id
    }

    func create(req: Request) async throws -> Response {
        struct Body: Decodable { let elderId: UUID?; let serviceType: String?; let wantedAt: Date?; let address: String?; let notes: String?; let channel: String? }
        let body = try req.content.decode(Body.self)
        guard let elderId = body.elderId else { throw AppError(.invalidInput, "required", field: "elderId") }
        let channel = try body.channel.map { text in
            guard let c = OrderChannel(rawValue: text) else { throw AppError(.invalidInput, "order_channel_invalid", field: "channel", ["value": text]) }
            return c
        } ?? .api
        let input = OrderInput(elderId: elderId, serviceType: body.serviceType ?? "", wantedAt: body.wantedAt, address: body.address, notes: body.notes, channel: channel)
        let service = try req.orders
        let (order, replayed) = try await service.create(input, idempotencyKey: req.headers.first(name: "Idempotency-Key"))
        let response = Response(status: replayed ? .ok : .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/orders/\(order.id!.uuidString)")
        try response.content.encode(OrderDTO(order, events: try await service.timeline(order.id!)))
        return response
    }

    func show(req: Request) async throws -> OrderDTO {
        let service = try req.orders
        let id = try Self.id(req)
        return OrderDTO(try await service.order(id), events: try await service.timeline(id))
    }

    func respond(_ req: Request, accept: Bool) async throws -> OrderDTO {
        let service = try req.orders
        let order = try await service.respond(try Self.id(req), accept: accept)
        return OrderDTO(order, events: try await service.timeline(order.id!))
    }
}
