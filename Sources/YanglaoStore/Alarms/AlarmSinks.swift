import Foundation

/// What must hear of an alarm after its commit: the live boards of every server and the
/// guardians' notifications. The alarm service tells it; the web layer implements it (the
/// board bus and the notification outbox). Without one, nothing is pushed: boards that poll
/// and the notification job still find everything in the database.
public protocol AlarmBoardSink: Sendable {
    /// A new alarm; its person's name is given so the board need not read it.
    func raised(_ alarm: AlarmModel, personName: String) async
    /// Alarms acknowledged, handled, closed or escalated.
    func changed(_ alarms: [AlarmModel]) async
}

/// What an operator's "已派服务人员" needs from the order desk: an urgent 助急 order for the
/// person, placed once per alarm. Alarms declares it; Orders implements it (`UrgentOrders`)
/// and its module puts it in the node, so neither domain names the other's service.
public protocol UrgentOrderDesk: Sendable {
    func placeUrgentOrder(_ request: UrgentOrderRequest, in context: StoreContext) async throws -> UrgentOrderPlaced
}

public struct UrgentOrderRequest: Sendable {
    public let elderID: UUID
    public let note: String
    /// The same key for the same alarm, so a repeated action places no second order.
    public let idempotencyKey: String
    public let now: Date
}

public struct UrgentOrderPlaced: Sendable {
    public let orderID: UUID
    /// What the alarm's step says about it (status and dispatch outcome).
    public let summary: String

    public init(orderID: UUID, summary: String) {
        self.orderID = orderID
        self.summary = summary
    }
}

extension NodeState {
    private enum AlarmBoardSlot: NodeStateKey { typealias Value = any AlarmBoardSink }
    private enum AlarmWriterSlot: NodeStateKey { typealias Value = AlarmWriter }
    private enum UrgentOrderDeskSlot: NodeStateKey { typealias Value = any UrgentOrderDesk }

    /// The live boards and notifications of this server.
    public var alarmBoard: (any AlarmBoardSink)? {
        get { self[AlarmBoardSlot.self] }
        set { self[AlarmBoardSlot.self] = newValue }
    }

    /// The group commit device events of this server go through.
    public var alarmWriter: AlarmWriter? {
        get { self[AlarmWriterSlot.self] }
        set { self[AlarmWriterSlot.self] = newValue }
    }

    /// Where an alarm's urgent order is placed.
    public var urgentOrders: (any UrgentOrderDesk)? {
        get { self[UrgentOrderDeskSlot.self] }
        set { self[UrgentOrderDeskSlot.self] = newValue }
    }
}
