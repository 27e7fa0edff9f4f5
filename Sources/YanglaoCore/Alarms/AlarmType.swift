/// What an alarm is about. The vocabulary follows what device gateways such as Traccar
/// decode, so their events map one to one; a type we do not know is kept as it came
/// (`other`), shown and handled like the rest, never dropped.
public enum AlarmType: Hashable, Sendable, Codable, CustomStringConvertible {
    case sos, fallDown, removing, lowBattery, powerOff, inactivity, geofenceExit
    case smoke, gas, water
    /// A reading (heart rate, blood pressure, SpO2) outside the person's thresholds.
    case reading
    /// A device silent past its expected heartbeat.
    case deviceOffline
    /// Raised by a hotline operator for a caller.
    case manual
    case other(String)

    public static let known: [AlarmType] = [
        .sos, .fallDown, .removing, .lowBattery, .powerOff, .inactivity, .geofenceExit,
        .smoke, .gas, .water, .reading, .deviceOffline, .manual,
    ]

    /// What a caller can report to the hotline (the rest only a device or the platform can know).
    public static let raisedByHand: [AlarmType] = [.manual, .sos, .fallDown, .smoke, .gas, .water, .inactivity, .geofenceExit]

    public init(code: String) {
        self = Self.known.first { $0.code == code } ?? .other(code)
    }

    public var code: String {
        switch self {
        case .sos: "sos"
        case .fallDown: "fallDown"
        case .removing: "removing"
        case .lowBattery: "lowBattery"
        case .powerOff: "powerOff"
        case .inactivity: "inactivity"
        case .geofenceExit: "geofenceExit"
        case .smoke: "smoke"
        case .gas: "gas"
        case .water: "water"
        case .reading: "reading"
        case .deviceOffline: "deviceOffline"
        case .manual: "manual"
        case .other(let code): code
        }
    }

    public var description: String { code }

    public var chineseName: String {
        switch self {
        case .sos: "紧急呼叫"
        case .fallDown: "跌倒"
        case .removing: "设备被摘下"
        case .lowBattery: "电量低"
        case .powerOff: "设备关机"
        case .inactivity: "长时间无活动"
        case .geofenceExit: "离开安全区域"
        case .smoke: "烟雾报警"
        case .gas: "燃气泄漏"
        case .water: "水浸报警"
        case .reading: "体征异常"
        case .deviceOffline: "设备离线"
        case .manual: "热线人工报警"
        case .other(let code): "其他（\(code)）"
        }
    }

    /// SOS, falls, smoke and gas first; then what may hide an emergency; then device upkeep.
    public var priority: AlarmPriority {
        switch self {
        case .sos, .fallDown, .smoke, .gas, .manual: .high
        case .removing, .inactivity, .geofenceExit, .water, .reading, .other: .medium
        case .lowBattery, .powerOff, .deviceOffline: .low
        }
    }

    public init(from decoder: any Decoder) throws { self.init(code: try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// Handling order on the board: higher first. Stored as its number.
public enum AlarmPriority: Int, Sendable, Codable, Comparable, CaseIterable {
    case low = 1
    case medium = 2
    case high = 3

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public var chineseName: String {
        switch self {
        case .low: "低"
        case .medium: "中"
        case .high: "高"
        }
    }
}
