import Vapor
import YanglaoCore
import YanglaoStore

extension Request {
    var orders: OrderService {
        get throws { OrderService(try context) }
    }
}

struct OrderEventDTO: Content {
    let event: String
    let fromStatus: String?
    let toStatus: String
    let actor: String
    let at: Date
    let detail: String
    init(_ e: OrderEventModel) {
        event = e.event
        fromStatus = e.fromStatus
        toStatus = e.toStatus
        actor = e.actorUsername
        at = e.at
        detail = e.detail
    }
}

struct OrderDTO: Content {
    let id: UUID
    let elderId: UUID
    let regionCode: String
    let serviceType: String
    let status: String
    let statusName: String
    let wantedAt: Date
    let scheduled: Bool
    let address: String
    let notes: String
    let channel: String
    let orderedBy: String
    let providerId: UUID?
    let workerId: UUID?
    let dispatchExplanation: String?
    let queueReason: String?
    let priceFen: Int
    let createdAt: Date?
    let events: [OrderEventDTO]?
    let confirmationCode: String?
    let checkInAt: Date?
    let checkOutAt: Date?
    let serviceRecord: String?
    let confirmed: Bool?
    let flags: [QualityFinding]
    let rating: Int?
    let ratingComment: String?
    let complaint: String?
    let cancelReason: String?
    let voucherFen: Int?
    let selfFen: Int?
    let complaintResolution: String?
    let complaintResolvedBy: String?
    let flagsVerdict: String?
    let flagsReviewNote: String?

    init(_ o: OrderModel, events: [OrderEventModel]? = nil) {
        id = o.id!
        elderId = o.elderID
        regionCode = o.regionCode
        serviceType = o.serviceType
        status = o.status
        statusName = o.statusValue.chineseName
        wantedAt = o.wantedAt
        scheduled = o.scheduled
        address = o.address
        notes = o.notes
        channel = o.channel
        orderedBy = o.orderedBy
        providerId = o.providerID
        workerId = o.workerID
        dispatchExplanation = o.dispatchExplanation
        queueReason = o.queueReason
        priceFen = o.priceFen
        createdAt = o.createdAt
        self.events = events?.map(OrderEventDTO.init)
        confirmationCode = o.confirmationCode
        checkInAt = o.checkInAt
        checkOutAt = o.checkOutAt
        serviceRecord = o.serviceRecord
        confirmed = o.confirmed
        flags = o.flags
        rating = o.rating
        ratingComment = o.ratingComment
        complaint = o.complaint
        cancelReason = o.cancelReason
        voucherFen = o.voucherFen
        selfFen = o.selfFen
        complaintResolution = o.complaintResolution
        complaintResolvedBy = o.complaintResolvedBy
        flagsVerdict = o.flagsVerdict
        flagsReviewNote = o.flagsReviewNote
    }
}

/// 工单 over HTTP: `POST /api/v1/orders` (with an optional `Idempotency-Key` header: a retry
/// returns the same order), an order with its timeline, and the offered worker's answer.
struct OrdersAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let orders = routes.grouped("orders")
        orders.post(use: create)
        orders.get(use: board)
        orders.get("mine", use: { req in Page(all: try await req.orders.myOrders().map { OrderDTO($0) }, request: try req.pageRequest()) })
        orders.get(
            "to-assign",
            use: { req in
                let page = try req.pageRequest()
                let found = try await req.orders.awaitingAssignment(page: page)
                return Page(items: found.items.map { OrderDTO($0.order) }, request: page, total: found.total)
            })
        orders.post(
            ":order", "assign",
            use: { req in
                struct Body: Decodable { let workerId: UUID? }
                guard let worker = try req.content.decode(Body.self).workerId else { throw AppError(.invalidInput, "required", field: "workerId") }
                let service = try req.orders
                let order = try await service.assign(try Self.id(req), worker: worker)
                return OrderDTO(order, events: try await service.timeline(order.id!))
            })
        orders.get(":order", use: show)
        orders.post(":order", "accept", use: { req in try await respond(req, accept: true) })
        orders.post(":order", "refuse", use: { req in try await respond(req, accept: false) })
        orders.post(":order", "depart", use: { req in try await step(req) { s, id, _ in try await s.depart(id) } })
        orders.post(
            ":order", "check-in",
            use: { req in
                try await step(req) { s, id, body in
                    let position = try body.latitude.map { lat in
                        guard let lon = body.longitude else { throw AppError(.invalidInput, "required", field: "longitude") }
                        return GeoPoint(latitude: lat, longitude: lon)
                    }
                    return try await s.checkIn(id, at: position)
                }
            })
        orders.post(
            ":order", "check-out",
            use: { req in try await step(req) { s, id, body in try await s.checkOut(id, record: body.record ?? "", code: body.code) } })
        orders.post(
            ":order", "rate",
            use: { req in
                try await step(req) { s, id, body in
                    guard let stars = body.stars else { throw AppError(.invalidInput, "required", field: "stars") }
                    return try await s.rate(id, stars: stars, comment: body.comment ?? "")
                }
            })
        orders.post(":order", "complain", use: { req in try await step(req) { s, id, body in try await s.complain(id, text: body.text ?? "") } })
        orders.post(
            ":order", "resolve-complaint",
            use: { req in
                try await step(req) { s, id, body in try await s.resolveComplaint(id, outcome: body.outcome ?? "") }
            })
        orders.post(
            ":order", "review-flags",
            use: { req in
                try await step(req) { s, id, body in
                    guard let verdict = body.verdict.flatMap(FlagVerdict.init(rawValue:)) else {
                        throw AppError(.invalidInput, "flag_verdict_invalid", field: "verdict", ["value": body.verdict ?? ""])
                    }
                    return try await s.reviewFlags(id, verdict: verdict, note: body.note ?? "")
                }
            })
        orders.post(":order", "cancel", use: { req in try await step(req) { s, id, body in try await s.cancel(id, reason: body.reason ?? "") } })
    }

    /// What the steps after 接单 may send; each uses its own fields.
    struct StepBody: Decodable {
        let latitude: Double?
        let longitude: Double?
        let record: String?
        let code: String?
        let stars: Int?
        let comment: String?
        let text: String?
        let reason: String?
        let outcome: String?
        let verdict: String?
        let note: String?
    }

    func step(_ req: Request, _ action: (OrderService, UUID, StepBody) async throws -> OrderModel) async throws -> OrderDTO {
        let service = try req.orders
        let body =
            req.body.data == nil
            ? StepBody(
                latitude: nil, longitude: nil, record: nil, code: nil, stars: nil, comment: nil, text: nil, reason: nil,
                outcome: nil, verdict: nil, note: nil)
            : try req.content.decode(StepBody.self)
        let order = try await action(service, try Self.id(req), body)
        return OrderDTO(order, events: try await service.timeline(order.id!))
    }

    /// 工单看板: filters region, status, service, provider, flagged; newest first; paged.
    func board(req: Request) async throws -> Page<OrderDTO> {
        struct Q: Decodable {
            let region: String?
            let status: String?
            let service: String?
            let provider: String?
            let flagged: Bool?
            let review: String?
        }
        let q = try req.query.decode(Q.self)
        func present(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }
        var filter = OrderFilter(flaggedOnly: q.flagged ?? false)
        filter.region = try present(q.region).map { try req.regionCode("region", from: $0) }
        filter.status = try present(q.status).map { text in
            guard let s = OrderStatus(rawValue: text) else { throw AppError(.invalidInput, "order_status_invalid", field: "status", ["value": text]) }
            return s
        }
        filter.serviceType = present(q.service)
        filter.awaitingReview = try present(q.review).map { text in
            guard let kind = ReviewKind(rawValue: text) else {
                throw AppError(.invalidInput, "review_kind_invalid", field: "review", ["value": text])
            }
            return kind
        }
        filter.providerID = try present(q.provider).map { text in
            guard let id = UUID(uuidString: text) else { throw AppError(.invalidInput, "uuid_invalid", field: "provider", ["value": text]) }
            return id
        }
        let page = try req.pageRequest()
        let (orders, total) = try await req.orders.list(filter, offset: page.offset, limit: page.per)
        return Page(items: orders.map { OrderDTO($0) }, request: page, total: total)
    }

    static func id(_ req: Request) throws -> UUID {
        try req.uuid("order", notFound: "order_not_found")
    }

    func create(req: Request) async throws -> Response {
        struct Body: Decodable {
            let elderId: UUID?
            let serviceType: String?
            let wantedAt: Date?
            let address: String?
            let notes: String?
            let channel: String?
        }
        let body = try req.content.decode(Body.self)
        guard let elderId = body.elderId else { throw AppError(.invalidInput, "required", field: "elderId") }
        let channel =
            try body.channel.map { text in
                guard let c = OrderChannel(rawValue: text) else {
                    throw AppError(.invalidInput, "order_channel_invalid", field: "channel", ["value": text])
                }
                return c
            } ?? .api
        let input = OrderInput(
            elderId: elderId, serviceType: body.serviceType ?? "", wantedAt: body.wantedAt, address: body.address, notes: body.notes, channel: channel
        )
        let service = try req.orders
        let placed = try await service.place(input, idempotencyKey: req.headers.first(name: "Idempotency-Key"))
        let response = Response(status: placed.replayed ? .ok : .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/orders/\(placed.order.id!.uuidString)")
        try response.content.encode(OrderDTO(placed.order, events: placed.events))
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
