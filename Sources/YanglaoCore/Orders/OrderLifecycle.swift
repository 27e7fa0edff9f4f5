/// 工单状态: an order's life from 点单 to 评单, with its side exits.
public enum OrderStatus: String, Sendable, Codable, CaseIterable {
    case created  // 已下单, waiting for dispatch
    case dispatched  // 已派单: offered to a provider or a worker
    case refused  // 被拒单: the offer was refused or not accepted in time; dispatched again or queued
    case waiting  // 待人工派单: nobody could take it; in the hotline queue with the reason
    case accepted  // 已接单
    case onTheWay = "on_the_way"  // 已出发
    case inService = "in_service"  // 服务中: checked in
    case completed  // 已完成: checked out
    case rated  // 已评价
    case cancelled  // 已取消
    case expired  // 已过期: the time wanted passed with nobody on the way
    case noShow = "no_show"  // 未履约: the elder was not home, or the worker did not come
    case complained  // 已投诉

    public var isOpen: Bool { ![.completed, .rated, .cancelled, .expired, .noShow, .complained].contains(self) }

    /// Offered to a worker or in their hands: what counts toward a worker's load.
    public static let withWorker: [OrderStatus] = [.dispatched, .accepted, .onTheWay, .inService]

    public var chineseName: String {
        switch self {
        case .created: "已下单"
        case .dispatched: "已派单"
        case .refused: "被拒单"
        case .waiting: "待人工派单"
        case .accepted: "已接单"
        case .onTheWay: "已出发"
        case .inService: "服务中"
        case .completed: "已完成"
        case .rated: "已评价"
        case .cancelled: "已取消"
        case .expired: "已过期"
        case .noShow: "未履约"
        case .complained: "已投诉"
        }
    }
}

/// What happens to an order; each event is recorded with who and when.
public enum OrderEvent: String, Sendable, Codable, CaseIterable {
    case dispatch, refuse, queue, accept, depart
    case checkIn = "check_in"
    case checkOut = "check_out"
    case rate, complain, cancel, expire
    case noShow = "no_show"

    public var chineseName: String {
        switch self {
        case .dispatch: "派单"
        case .refuse: "拒单"
        case .queue: "转人工派单"
        case .accept: "接单"
        case .depart: "出发"
        case .checkIn: "签到"
        case .checkOut: "签退"
        case .rate: "评价"
        case .complain: "投诉"
        case .cancel: "取消"
        case .expire: "过期"
        case .noShow: "未履约"
        }
    }
}

/// The legal transitions, as one table; everything else is refused with both names.
public enum OrderLifecycle {
    public static let table = Lifecycle<OrderStatus, OrderEvent>([
        .created: [.dispatch: .dispatched, .queue: .waiting, .cancel: .cancelled, .expire: .expired],
        .dispatched: [.accept: .accepted, .refuse: .refused, .dispatch: .dispatched, .queue: .waiting, .cancel: .cancelled, .expire: .expired],
        .refused: [.dispatch: .dispatched, .queue: .waiting, .cancel: .cancelled, .expire: .expired],
        .waiting: [.dispatch: .dispatched, .cancel: .cancelled, .expire: .expired],
        .accepted: [.depart: .onTheWay, .checkIn: .inService, .refuse: .refused, .cancel: .cancelled, .noShow: .noShow, .expire: .expired],
        .onTheWay: [.checkIn: .inService, .cancel: .cancelled, .noShow: .noShow],
        .inService: [.checkOut: .completed],
        .completed: [.rate: .rated, .complain: .complained],
        .rated: [.complain: .complained],
    ])

    /// The status after `event`, or a conflict naming the status and the event.
    public static func next(after event: OrderEvent, from status: OrderStatus) throws(AppError) -> OrderStatus {
        guard let next = table.next(after: event, from: status) else {
            throw AppError(
                .conflict, "order_transition_illegal", field: "event",
                ["from": status.chineseName, "event": event.chineseName, "fromCode": status.rawValue, "eventCode": event.rawValue])
        }
        return next
    }

    /// The events `status` allows (for showing only the buttons that can work).
    public static func events(from status: OrderStatus) -> Set<OrderEvent> { table.events(from: status) }
}
