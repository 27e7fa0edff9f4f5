import Foundation

/// Traccar's event forwarding (one JSON POST per event: `event`, `position`, `device`),
/// read into our event vocabulary. Traccar decodes 200+ device protocols; a bureau that
/// runs it in front of its devices feeds alarms without new code here.
public struct TraccarForward: Decodable, Sendable {
    public struct Event: Decodable, Sendable {
        public var id: Int64?
        public var type: String
        public var eventTime: String?
        public var attributes: [String: TraccarValue]?
    }
    public struct Position: Decodable, Sendable {
        public var latitude: Double?
        public var longitude: Double?
        public var fixTime: String?
        public var attributes: [String: TraccarValue]?
    }
    public struct Device: Decodable, Sendable {
        public var uniqueId: String
        public var name: String?
    }

    public var event: Event
    public var position: Position?
    public var device: Device

    /// Traccar's alarm codes that differ from ours.
    static let alarmAliases: [String: AlarmType] = [
        "lowPower": .lowBattery, "powerCut": .powerOff, "tampering": .removing, "geofence": .geofenceExit,
    ]
    /// Traccar event types that are alarms by themselves.
    static let eventAlarms: [String: AlarmType] = [
        "deviceOffline": .deviceOffline, "deviceInactive": .inactivity, "geofenceExit": .geofenceExit,
    ]
    /// Traccar event types that only say the device is alive.
    static let statusOnly: Set<String> = ["deviceOnline", "deviceMoving", "deviceStopped", "deviceUnknown"]

    /// The device's serial and the event in our vocabulary (an unknown type is kept as it came).
    public var deviceEvent: (serial: String, event: DeviceEvent) {
        let type: String
        if event.type == "alarm" {
            let code = event.attributes?["alarm"]?.text ?? "general"
            type = (Self.alarmAliases[code] ?? AlarmType(code: code)).code
        } else if let alarm = Self.eventAlarms[event.type] {
            type = alarm.code
        } else if Self.statusOnly.contains(event.type) {
            type = "heartbeat"
        } else {
            type = "traccar.\(event.type)"
        }
        let at = (event.eventTime ?? position?.fixTime).flatMap(Self.date)
        // Without Traccar's event id, the time and type still tell a retry from a new event.
        let id = event.id.map { "traccar-\($0)" } ?? "traccar-\(event.type)-\(event.eventTime ?? "")"
        var attributes: [String: String] = ["source": "traccar", "traccarType": event.type]
        for (key, value) in event.attributes ?? [:] { attributes[key] = value.text }
        let position = position.flatMap { p in p.latitude.flatMap { lat in p.longitude.map { GeoPoint(latitude: lat, longitude: $0) } } }
        let valid = position.flatMap { $0.isValid && !($0.latitude == 0 && $0.longitude == 0) ? $0 : nil }
        return (
            device.uniqueId,
            DeviceEvent(
                eventId: id, type: type, at: at, latitude: valid?.latitude, longitude: valid?.longitude,
                attributes: attributes)
        )
    }

    static func date(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        // Traccar writes "2026-11-24T08:00:00.000+00:00".
        return fractional.date(from: text) ?? plain.date(from: text)
    }
}

/// An attribute value as Traccar sends it: text, number or flag.
public struct TraccarValue: Decodable, Sendable {
    public let text: String

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) {
            text = s
        } else if let b = try? c.decode(Bool.self) {
            text = String(b)
        } else if let i = try? c.decode(Int64.self) {
            text = String(i)
        } else if let d = try? c.decode(Double.self) {
            text = String(d)
        } else {
            text = ""
        }
    }
}
