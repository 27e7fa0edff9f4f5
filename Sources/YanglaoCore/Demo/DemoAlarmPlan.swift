import Foundation

/// The demo city's devices and a year of their alarms, already handled: devices for a share
/// of the people who live alone or are disabled; alarms of the kinds each device raises, most
/// answered within a minute (a few overdue), closed with realistic outcomes (mostly false
/// alarms from buttons, some hospital stays). Deterministic for a seed.
public struct DemoAlarmPlan: Sendable {
    public struct Person: Sendable {
        public let id: String
        public let alone: Bool
        public let disabled: Bool
        public init(id: String, alone: Bool, disabled: Bool) {
            self.id = id
            self.alone = alone
            self.disabled = disabled
        }
    }

    public struct Device: Sendable {
        public let person: Int
        public let type: DeviceType
        public let serial: String
        public let heartbeatSeconds: Int
    }

    public struct Alarm: Sendable {
        public let device: Int
        public let type: AlarmType
        public let raisedAt: Date
        public let acknowledgedAt: Date
        public let action: AlarmAction
        public let closedAt: Date
        public let outcome: AlarmOutcome
        public let overdue: Bool
    }

    public let seed: UInt64
    public init(seed: UInt64) { self.seed = seed }

    /// Which devices people get, and how often (weights in per cent).
    static let deviceMix: [(DeviceType, Int)] = [(.sosButton, 35), (.watch, 25), (.pendant, 15), (.homeUnit, 10), (.smoke, 10), (.gas, 5)]
    /// What each kind of device reports.
    static let alarmMix: [DeviceType: [(AlarmType, Int)]] = [
        .sosButton: [(.sos, 60), (.lowBattery, 25), (.powerOff, 15)],
        .watch: [(.sos, 30), (.fallDown, 20), (.removing, 20), (.lowBattery, 20), (.geofenceExit, 10)],
        .pendant: [(.sos, 50), (.fallDown, 40), (.lowBattery, 10)],
        .homeUnit: [(.sos, 60), (.inactivity, 30), (.powerOff, 10)],
        .smoke: [(.smoke, 70), (.lowBattery, 30)],
        .gas: [(.gas, 80), (.lowBattery, 20)],
    ]

    static func pick<T>(_ weighted: [(T, Int)], _ rng: inout SeededGenerator) -> T {
        var roll = Int.random(in: 0..<weighted.reduce(0) { $0 + $1.1 }, using: &rng)
        for (value, weight) in weighted {
            if roll < weight { return value }
            roll -= weight
        }
        return weighted[0].0
    }

    /// 40 % of those who live alone and 60 % of the disabled have a device.
    public func devices(for people: [Person]) -> [Device] {
        var rng = SeededGenerator(seed: seed &+ 0xA1A)
        var out: [Device] = []
        for (i, p) in people.enumerated() {
            let share = p.disabled ? 60 : p.alone ? 40 : 0
            guard Int.random(in: 0..<100, using: &rng) < share else { continue }
            let type = Self.pick(Self.deviceMix, &rng)
            let heartbeat = [.watch, .pendant].contains(type) ? 3_600 : 86_400
            out.append(
                Device(
                    person: i, type: type, serial: String(format: "DEMO-%@-%06d", type.rawValue.uppercased(), out.count + 1),
                    heartbeatSeconds: heartbeat))
        }
        return out
    }

    /// About four alarms per device over the year before `now`, oldest first.
    public func alarms(for devices: [Device], now: Date) -> [Alarm] {
        var rng = SeededGenerator(seed: seed &+ 0xA1A2)
        var out: [Alarm] = []
        for (d, device) in devices.enumerated() {
            for _ in 0..<Int.random(in: 0...8, using: &rng) {
                let type = Self.pick(Self.alarmMix[device.type]!, &rng)
                let raised = now.addingTimeInterval(-Double.random(in: 3_600...(365 * 86_400), using: &rng))
                // Nine in ten answered within a minute; the rest within five, and overdue.
                let late = Int.random(in: 0..<100, using: &rng) < 9
                let ack = raised.addingTimeInterval(late ? Double.random(in: 61...300, using: &rng) : Double.random(in: 6...58, using: &rng))
                let outcome: AlarmOutcome
                switch type {
                case .fallDown, .inactivity:
                    outcome = Self.pick([(.falseAlarm, 35), (.resolvedAtHome, 45), (.hospital, 19), (.death, 1)], &rng)
                case .sos, .smoke, .gas:
                    outcome = Self.pick([(.falseAlarm, 60), (.resolvedAtHome, 32), (.hospital, 8)], &rng)
                default:
                    outcome = Self.pick([(.falseAlarm, 20), (.resolvedAtHome, 80)], &rng)
                }
                let action: AlarmAction =
                    outcome == .hospital || outcome == .death
                    ? .called120
                    : Int.random(in: 0..<3, using: &rng) == 0 ? .calledGuardian : .calledElder
                let closed = ack.addingTimeInterval(Double.random(in: 180...(outcome == .hospital ? 7_200 : 1_800), using: &rng))
                out.append(
                    Alarm(
                        device: d, type: type, raisedAt: raised, acknowledgedAt: ack, action: action, closedAt: closed,
                        outcome: outcome, overdue: late))
            }
        }
        return out.sorted { $0.raisedAt < $1.raisedAt }
    }
}
