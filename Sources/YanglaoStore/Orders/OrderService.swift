import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 工单: 点单 (create, idempotent with a key), 派单 (offer to the best-ranked worker, or the
/// hotline queue with the reason), 接单 or 拒单 (a refusal offers it to the next), every
/// transition recorded with who and when.
public struct OrderService: Sendable {
    public let context: StoreContext
    /// The register, read as this context's actor.
    var register: ElderService { ElderService(context) }
    var workers: WorkerService { WorkerService(context) }
    public let policy: DispatchPolicy
    /// The catalogue the service's dispatch prices by: the platform's types by default; placing
    /// an order uses the one in force in the person's county that day (`CatalogueService`).
    public private(set) var catalogue: [ServiceType]
    /// The server's per-county worker indexes; without one, each dispatch builds its county's index.
    var indexCache: DispatchIndexCache? { context.node.dispatchCache }
    /// The server's group commit for new orders; without one, each order is inserted on its own.
    var writer: OrderWriter? { context.node.orderWriter }
    var actor: Actor { context.actor }
    var db: any Database { context.scoped.database }

    public init(_ context: StoreContext, policy: DispatchPolicy = DispatchPolicy(), catalogue: [ServiceType] = ServiceCatalogue.example) {
        self.context = context
        self.policy = policy
        self.catalogue = catalogue
    }

    /// The same service pricing by another catalogue.
    func pricing(by catalogue: [ServiceType]) -> OrderService {
        var copy = self
        copy.catalogue = catalogue
        return copy
    }

    /// What dispatch reads of a county and how it decides.
    var dispatchData: CountyDispatchLoader { CountyDispatchLoader(context: context) }
    var dispatcher: Dispatcher { Dispatcher(policy: policy, catalogue: catalogue) }

    /// Who may place orders for people of their region.
    var canOrder: Bool { actor.role.canOrderForElders }

    /// Who reads orders beyond their own: those who read the register, and a provider's
    /// administrator (its provider's orders only, by the scope).
    var canReadOrders: Bool { actor.role.canReadRegister || actor.role == .providerAdmin }

    /// Who may order, rate, complain and cancel: officers for their region, a family account for its own people.
    var speaksForElder: Bool { canOrder || actor.role == .elderFamily }

    /// The people a family account is bound to; nil for every other role.
    func familyPeople() async throws -> Set<UUID>? {
        guard actor.role == .elderFamily else { return nil }
        guard let userID = actor.userID else { return [] }
        return Set(try await FamilyBindingModel.query(on: db).filter(\.$user.$id == userID).all().map { $0.$elder.id })
    }

    /// 派单: offers the order to the best-ranked qualified worker, or queues it with the reason.
    public func dispatch(_ order: OrderModel) async throws -> OrderModel {
        let decision = try await decide(order)
        let now = Date()
        return try await move(order, decision.event, detail: decision.detail) { decision.apply(to: $0, at: now) }
    }

    /// The dispatch of an order, decided in memory from its county's dispatch data.
    func decide(_ order: OrderModel) async throws -> DispatchDecision {
        try await dispatcher.decide(order) { try await dispatchData.load(around: order.region) }
    }

    /// 接单 or 拒单 by the worker offered the order (or an officer for them); a refusal offers it to the next.
    public func respond(_ id: UUID, accept: Bool) async throws -> OrderModel {
        let order = try await self.order(id)
        guard let workerID = order.workerID, order.statusValue == .dispatched else {
            _ = try OrderLifecycle.next(after: accept ? .accept : .refuse, from: order.statusValue)
            throw AppError(.conflict, "order_not_offered")
        }
        let worker = try await WorkerModel.find(workerID, on: db)
        guard worker?.username == actor.username || canOrder else { throw AppError(.forbidden, "order_not_yours") }
        if accept { return try await move(order, .accept, detail: worker?.name ?? "") }
        let refused = try await move(order, .refuse, detail: worker?.name ?? "") {
            $0.excludedWorkers.insert(workerID.uuidString)
            $0.workerID = nil
            $0.providerID = nil
        }
        return try await dispatch(refused)
    }

    /// An order inside the actor's region, or not found. A service worker sees only the
    /// orders offered to or taken by them, a family account those of its own people; other
    /// roles without register access see none.
    public func order(_ id: UUID) async throws -> OrderModel {
        if let mine = try await familyPeople() {
            guard let order = try await OrderModel.find(id, on: db), mine.contains(order.elderID) else {
                throw AppError(.notFound, "order_not_found")
            }
            return order
        }
        guard let order = try await context.scoped.find(OrderModel.self, id: id) else { throw AppError(.notFound, "order_not_found") }
        if actor.role == .serviceWorker {
            guard let mine = try await workers.mine(), order.workerID == mine.id else { throw AppError(.notFound, "order_not_found") }
        } else if !canReadOrders {
            throw AppError(.notFound, "order_not_found")
        }
        return order
    }

    /// 今日工单: the signed-in worker's offers and jobs that are still open, soonest first.
    public func myOrders() async throws -> [OrderModel] {
        guard let mine = try await workers.mine() else { throw AppError(.forbidden, "order_not_yours") }
        let open = OrderStatus.withWorker.map(\.rawValue)
        return try await OrderModel.query(on: db).filter(\.$workerID == (try mine.requireID())).filter(\.$status ~~ open).sort(\.$wantedAt).all()
    }

    /// 我的服务单: the orders of a family account's people, newest first.
    public func familyOrders(limit: Int = 50) async throws -> [OrderModel] {
        guard let mine = try await familyPeople() else { throw AppError(.forbidden, "order_forbidden") }
        guard !mine.isEmpty else { return [] }
        return try await OrderModel.query(on: db).filter(\.$elderID ~~ Array(mine)).sort(\.$createdAt, .descending).limit(limit).all()
    }

    /// 人工派单: the hotline dispatches a queued (or refused) order again, e.g. after putting a worker on duty.
    public func redispatch(_ id: UUID) async throws -> OrderModel {
        guard canOrder else { throw AppError(.forbidden, "order_forbidden") }
        let order = try await self.order(id)
        guard [.waiting, .refused, .created].contains(order.statusValue) else {
            throw AppError(.conflict, "order_not_waiting", field: "status", ["status": order.statusValue.chineseName])
        }
        return try await dispatch(order)
    }

    /// The order's transitions, oldest first.
    public func timeline(_ id: UUID) async throws -> [OrderEventModel] {
        _ = try await order(id)
        return try await OrderEventModel.query(on: db).filter(\.$orderID == id).sort(\.$at).all()
    }

    // MARK: Transitions

    /// Applies `event` (refused with a clear conflict when the lifecycle forbids it), changes the order and records who and when.
    /// `alongside` runs in the same transaction before the order is saved (e.g. the voucher draw of a completion).
    func move(
        _ order: OrderModel, _ event: OrderEvent, detail: String = "", _ change: (OrderModel) -> Void = { _ in },
        alongside: (@Sendable (OrderModel, any Database) async throws -> Void)? = nil
    ) async throws -> OrderModel {
        let before = OrderHolding(order)
        let entry = try transition(order, event, detail: detail, change)
        try await db.transaction { db in
            try await alongside?(order, db)
            try await order.update(on: db)
            try await OrderRows.insert(events: [entry], on: db)
        }
        await context.orderCommitted(order, before: before)
        return order
    }

    /// Applies `event` and `change` to the order in memory and gives the timeline entry for it (not yet written).
    func transition(_ order: OrderModel, _ event: OrderEvent, detail: String, _ change: (OrderModel) -> Void) throws -> OrderEventModel {
        let from = order.statusValue
        let next = try OrderLifecycle.next(after: event, from: from)
        order.status = next.rawValue
        change(order)
        return entry(for: order, named: event.rawValue, from: from.rawValue, detail: detail.isEmpty ? (order.queueReason ?? "") : detail)
    }

    func entry(for order: OrderModel, named name: String, from: String?, detail: String, at: Date = Date()) -> OrderEventModel {
        Self.entry(for: order, named: name, from: from, detail: detail, actor: actor, at: at)
    }

    static func record(_ order: OrderModel, event: OrderEvent?, from: OrderStatus?, detail: String, actor: Actor, on db: any Database) async throws {
        try await record(order, named: event?.rawValue ?? "create", from: from?.rawValue, detail: detail, actor: actor, on: db)
    }

    /// Writes a timeline entry named `name` (a lifecycle event, "create" or "review").
    static func record(_ order: OrderModel, named name: String, from: String?, detail: String, actor: Actor, on db: any Database) async throws {
        try await OrderRows.insert(events: [entry(for: order, named: name, from: from, detail: detail, actor: actor)], on: db)
    }

    /// A timeline entry: the order's status after `name`, who and when.
    static func entry(for order: OrderModel, named name: String, from: String?, detail: String, actor: Actor, at: Date = Date()) -> OrderEventModel {
        let entry = OrderEventModel()
        entry.id = UUID()
        entry.orderID = order.id!
        entry.event = name
        entry.fromStatus = from
        entry.toStatus = order.status
        entry.actorUsername = actor.username
        entry.at = at
        entry.detail = String(detail.prefix(500))
        return entry
    }

    /// Cancels a person's open orders, in the caller's transaction (the register's hook on a death).
    static func cancelOpenOrders(of elderID: UUID, reason: String, actor: Actor, on db: any Database) async throws {
        let open = OrderStatus.allCases.filter(\.isOpen).map(\.rawValue)
        for order in try await OrderModel.query(on: db).filter(\.$elderID == elderID).filter(\.$status ~~ open).all() {
            let from = order.statusValue
            guard let next = try? OrderLifecycle.next(after: .cancel, from: from) else { continue }
            order.status = next.rawValue
            try await order.update(on: db)
            try await record(order, event: .cancel, from: from, detail: reason, actor: actor, on: db)
        }
    }
}
