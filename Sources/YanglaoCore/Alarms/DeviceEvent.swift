import Foundation

/// 智能终端的种类.
public enum DeviceType: String, Sendable, Codable, CaseIterable {
    case sosButton = "sos_button"
    case watch, pendant
    case homeUnit = "home_unit"
    case smoke, gas, water, bed, door, motion

    public var chineseName: String {
        switch self {
        case .sosButton: "一键呼叫器"
        case .watch: "智能手表"
        case .pendant: "挂坠"
        case .homeUnit: "居家终端"
        case .smoke: "烟感"
        case .gas: "燃气探测器"
        case .water: "水浸探测器"
        case .bed: "床垫传感器"
        case .door: "门磁"
        case .motion: "人体感应器"
        }
    }
}

/// One event as a device (or a gateway for it) reports it.
public struct DeviceEvent: Sendable, Codable, Equatable {
    /// The device's own id for the event: a retry carries the same one.
    public var eventId: String
    /// An alarm type code (`sos`, `fallDown`, …), `heartbeat`, or `reading`.
    public var type: String
    public var at: Date?
    public var latitude: Double?
    public var longitude: Double?
    public var heartRate: Int?
    public var systolic: Int?
    public var diastolic: Int?
    public var spo2: Int?
    /// Anything else the device said, kept with the alarm.
    public var attributes: [String: String]?

    public init(
        eventId: String, type: String, at: Date? = nil, latitude: Double? = nil, longitude: Double? = nil,
        heartRate: Int? = nil, systolic: Int? = nil, diastolic: Int? = nil, spo2: Int? = nil, attributes: [String: String]? = nil
    ) {
        self.eventId = eventId
        self.type = type
        self.at = at
        self.latitude = latitude
        self.longitude = longitude
        self.heartRate = heartRate
        self.systolic = systolic
        self.diastolic = diastolic
        self.spo2 = spo2
        self.attributes = attributes
    }

    public var isHeartbeat: Bool { type == "heartbeat" }
    public var isReading: Bool { type == "reading" }

    public var position: GeoPoint? {
        guard let latitude, let longitude else { return nil }
        let point = GeoPoint(latitude: latitude, longitude: longitude)
        return point.isValid ? point : nil
    }

    /// Every problem with the event, each naming its field.
    public func problems(now: Date) -> [AppError] {
        var problems: [AppError] = []
        if eventId.trimmingCharacters(in: .whitespaces).isEmpty || eventId.count > 128 {
            problems.append(AppError(.invalidInput, "device_event_id_invalid", field: "eventId"))
        }
        if type.isEmpty || type.count > 64 { problems.append(AppError(.invalidInput, "device_event_type_invalid", field: "type")) }
        if (latitude == nil) != (longitude == nil) || (latitude != nil && position == nil) {
            problems.append(AppError(.invalidInput, "position_invalid", field: "latitude"))
        }
        if let at, at.timeIntervalSince(now) > 300 { problems.append(AppError(.invalidInput, "device_event_in_future", field: "at")) }
        for (field, value, range) in [
            ("heartRate", heartRate, 10...300), ("systolic", systolic, 40...300), ("diastolic", diastolic, 20...200),
            ("spo2", spo2, 30...100),
        ] {
            if let value, !range.contains(value) {
                problems.append(
                    AppError(
                        .invalidInput, "reading_out_of_range", field: field,
                        ["low": String(range.lowerBound), "high": String(range.upperBound)]))
            }
        }
        if isReading && heartRate == nil && systolic == nil && spo2 == nil {
            problems.append(AppError(.invalidInput, "reading_missing", field: "heartRate"))
        }
        return problems
    }
}

/// A person's limits for readings; outside them a reading raises an alarm.
public struct ReadingThresholds: Sendable, Codable, Equatable {
    public var heartRateLow = 45
    public var heartRateHigh = 120
    public var systolicHigh = 180
    public var systolicLow = 85
    public var spo2Low = 90

    public init() {}

    public init(heartRateLow: Int, heartRateHigh: Int, systolicLow: Int, systolicHigh: Int, spo2Low: Int) {
        self.heartRateLow = heartRateLow
        self.heartRateHigh = heartRateHigh
        self.systolicLow = systolicLow
        self.systolicHigh = systolicHigh
        self.spo2Low = spo2Low
    }

    /// Every problem with the limits, each naming its field: each within what a doctor could
    /// set, and each low limit below its high one.
    public func problems() -> [AppError] {
        var problems: [AppError] = []
        for (field, value, range) in [
            ("heartRateLow", heartRateLow, 20...100), ("heartRateHigh", heartRateHigh, 60...250),
            ("systolicLow", systolicLow, 50...130), ("systolicHigh", systolicHigh, 100...260), ("spo2Low", spo2Low, 70...99),
        ]
        where !range.contains(value) {
            problems.append(
                AppError(
                    .invalidInput, "threshold_out_of_range", field: field,
                    ["low": String(range.lowerBound), "high": String(range.upperBound)]))
        }
        if heartRateLow >= heartRateHigh { problems.append(AppError(.invalidInput, "threshold_low_not_below_high", field: "heartRateLow")) }
        if systolicLow >= systolicHigh { problems.append(AppError(.invalidInput, "threshold_low_not_below_high", field: "systolicLow")) }
        return problems
    }

    /// What is out of range in the event's readings, in plain words; empty when all is well.
    public func breaches(_ event: DeviceEvent) -> [String] {
        var out: [String] = []
        if let hr = event.heartRate {
            if hr < heartRateLow { out.append("心率 \(hr) 次/分，低于 \(heartRateLow)") }
            if hr > heartRateHigh { out.append("心率 \(hr) 次/分，高于 \(heartRateHigh)") }
        }
        if let s = event.systolic {
            if s > systolicHigh { out.append("收缩压 \(s) mmHg，高于 \(systolicHigh)") }
            if s < systolicLow { out.append("收缩压 \(s) mmHg，低于 \(systolicLow)") }
        }
        if let o = event.spo2, o < spo2Low { out.append("血氧 \(o)%，低于 \(spo2Low)%") }
        return out
    }
}
