import Foundation

/// One alarm as the statistics read it.
public struct AlarmFact: Sendable, Equatable {
    public var type: String
    public var deviceType: String?
    public var raisedAt: Date
    public var acknowledgedAt: Date?
    public var closedAt: Date?
    public var outcome: String?
    public var overdue: Bool

    public init(type: String, deviceType: String?, raisedAt: Date, acknowledgedAt: Date?, closedAt: Date?, outcome: String?, overdue: Bool) {
        self.type = type
        self.deviceType = deviceType
        self.raisedAt = raisedAt
        self.acknowledgedAt = acknowledgedAt
        self.closedAt = closedAt
        self.outcome = outcome
        self.overdue = overdue
    }
}

/// 报警统计 of a region and period: counts by type and outcome, how fast alarms were
/// answered and closed, and the share answered within the telecare industry's 60 seconds
/// (its benchmark: 98.5 %).
public struct AlarmStatistics: Sendable, Equatable, Codable {
    public struct Share: Sendable, Equatable, Codable {
        public var key: String
        public var count: Int
        /// Of those, how many were false alarms (for device types).
        public var falseAlarms: Int
    }

    public static let industryAnsweredWithin: TimeInterval = 60
    public static let industryAnsweredShare = 0.985

    public var total = 0
    public var byType: [Share] = []
    public var byOutcome: [Share] = []
    public var byDeviceType: [Share] = []
    public var acknowledged = 0
    public var answeredWithin60s = 0
    /// Seconds from raised to 接警 and to 结案 (nil when none).
    public var acknowledgeP50: Double?
    public var acknowledgeP90: Double?
    public var closeP50: Double?
    public var closeP90: Double?
    public var overdue = 0
    public var falseAlarms = 0
    public var offlineDevices = 0

    /// Share of all alarms answered within 60 s (unanswered ones count against it); nil without alarms.
    public var answeredShare: Double? { total == 0 ? nil : Double(answeredWithin60s) / Double(total) }
    public var overdueShare: Double? { total == 0 ? nil : Double(overdue) / Double(total) }
    public var falseAlarmShare: Double? { total == 0 ? nil : Double(falseAlarms) / Double(total) }

    public init() {}

    public init(_ facts: [AlarmFact], offlineDevices: Int) {
        self.offlineDevices = offlineDevices
        total = facts.count
        func shares(_ key: (AlarmFact) -> String?) -> [Share] {
            var counts: [String: (Int, Int)] = [:]
            for f in facts {
                if let k = key(f) {
                    counts[k, default: (0, 0)].0 += 1
                    if f.outcome == "false_alarm" { counts[k]!.1 += 1 }
                }
            }
            return counts.map { Share(key: $0.key, count: $0.value.0, falseAlarms: $0.value.1) }.sorted { ($0.count, $1.key) > ($1.count, $0.key) }
        }
        byType = shares(\.type)
        byOutcome = shares(\.outcome)
        byDeviceType = shares(\.deviceType)
        let toAck = facts.compactMap { f in f.acknowledgedAt.map { max(0, $0.timeIntervalSince(f.raisedAt)) } }.sorted()
        let toClose = facts.compactMap { f in f.closedAt.map { max(0, $0.timeIntervalSince(f.raisedAt)) } }.sorted()
        acknowledged = toAck.count
        answeredWithin60s = toAck.filter { $0 <= Self.industryAnsweredWithin }.count
        acknowledgeP50 = Self.percentile(toAck, 0.5)
        acknowledgeP90 = Self.percentile(toAck, 0.9)
        closeP50 = Self.percentile(toClose, 0.5)
        closeP90 = Self.percentile(toClose, 0.9)
        overdue = facts.filter(\.overdue).count
        falseAlarms = facts.filter { $0.outcome == "false_alarm" }.count
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }
}
