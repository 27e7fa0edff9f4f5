import Foundation

/// 接警 → 处置 → 结案.
public enum AlarmStatus: String, Sendable, Codable, CaseIterable {
    case open, acknowledged, closed

    public var chineseName: String {
        switch self {
        case .open: "待接警"
        case .acknowledged: "处置中"
        case .closed: "已结案"
        }
    }
}

/// What moves an alarm: 接警, a step of 处置, 结案; and the escalation of one left waiting.
public enum AlarmEvent: String, Sendable, Codable, CaseIterable {
    case acknowledge, act, close, escalate
}

/// The alarm's lifecycle as one table: only an open alarm is acknowledged or escalated, only
/// an acknowledged one is handled and closed, a closed one no longer moves.
public enum AlarmLifecycle {
    public static let table = Lifecycle<AlarmStatus, AlarmEvent>([
        .open: [.acknowledge: .acknowledged, .escalate: .open],
        .acknowledged: [.act: .acknowledged, .close: .closed],
    ])
}

/// What was done while handling an alarm; every step is kept with who and when.
public enum AlarmAction: String, Sendable, Codable, CaseIterable {
    case calledElder = "called_elder"
    case calledGuardian = "called_guardian"
    case dispatchedWorker = "dispatched_worker"
    case called120 = "called_120"
    case called110 = "called_110"
    case note

    public var chineseName: String {
        switch self {
        case .calledElder: "已致电老人"
        case .calledGuardian: "已致电监护人"
        case .dispatchedWorker: "已派服务人员"
        case .called120: "已呼叫 120"
        case .called110: "已呼叫 110"
        case .note: "备注"
        }
    }
}

/// How an alarm ended.
public enum AlarmOutcome: String, Sendable, Codable, CaseIterable {
    case falseAlarm = "false_alarm"
    case resolvedAtHome = "resolved_at_home"
    case hospital
    case death

    public var chineseName: String {
        switch self {
        case .falseAlarm: "误报"
        case .resolvedAtHome: "居家处置完毕"
        case .hospital: "已送医"
        case .death: "死亡"
        }
    }
}

/// When nobody acknowledges an alarm in time it is overdue and goes up one level:
/// from the village or township that owns it to the township, then the county, then the city.
public struct AlarmEscalation: Sendable, Equatable {
    /// Seconds an open alarm may wait for 接警 (the telecare measure: answered within 60 s).
    public var acknowledgeWithin: TimeInterval

    public init(acknowledgeWithin: TimeInterval = 60) { self.acknowledgeWithin = acknowledgeWithin }

    public func isOverdue(raisedAt: Date, status: AlarmStatus, now: Date) -> Bool {
        status == .open && now.timeIntervalSince(raisedAt) >= acknowledgeWithin
    }

    /// The level an overdue alarm is pushed to, given the level it sits at now (nil: the region's own).
    /// A village's alarm goes to its township first; each further step to the next level up.
    public static func nextLevel(of region: RegionCode, current: RegionCode?) -> RegionCode? {
        let from = current ?? region
        guard from.level != .city && from.level != .province else { return nil }
        return from.parent
    }
}
