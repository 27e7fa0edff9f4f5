import Foundation

/// 质量与防欺诈标记: raised on completion for the township or county to review; a flag
/// never changes money by itself.
public enum QualityFlag: String, Sendable, Codable, CaseIterable {
    case shortService = "short_service"  // 服务时长不足标准的一半
    case farCheckIn = "far_check_in"  // 签到位置距服务地址超过 500 米
    case overlappingOrders = "overlapping_orders"  // 同一老人同一服务时间重叠
    case workerInTwoPlaces = "worker_in_two_places"  // 服务人员同一时间在两处
    case afterDeath = "after_death"  // 服务日期晚于死亡日期

    public var chineseName: String {
        switch self {
        case .shortService: "服务时长过短"
        case .farCheckIn: "签到位置偏离"
        case .overlappingOrders: "重复工单"
        case .workerInTwoPlaces: "同时在两处"
        case .afterDeath: "死亡后服务"
        }
    }
}

/// One service as carried out, as the checks read it.
public struct ServiceVisit: Sendable, Hashable {
    public var orderID: String
    public var personID: String
    public var workerID: String
    public var serviceType: String
    public var standardMinutes: Int
    public var address: GeoPoint?
    public var checkIn: Date
    public var checkInPosition: GeoPoint?
    public var checkOut: Date

    public init(
        orderID: String, personID: String, workerID: String, serviceType: String, standardMinutes: Int, address: GeoPoint?,
        checkIn: Date, checkInPosition: GeoPoint?, checkOut: Date
    ) {
        self.orderID = orderID
        self.personID = personID
        self.workerID = workerID
        self.serviceType = serviceType
        self.standardMinutes = standardMinutes
        self.address = address
        self.checkIn = checkIn
        self.checkInPosition = checkInPosition
        self.checkOut = checkOut
    }

    var minutes: Double { checkOut.timeIntervalSince(checkIn) / 60 }
    func overlaps(_ other: ServiceVisit) -> Bool { checkIn < other.checkOut && other.checkIn < checkOut }
}

public struct QualityFinding: Sendable, Hashable, Codable {
    public let flag: QualityFlag
    /// What was found, in one line of Chinese.
    public let detail: String

    public init(flag: QualityFlag, detail: String) {
        self.flag = flag
        self.detail = detail
    }
}

public enum QualityChecks {
    public static let farCheckInMeters = 500.0

    /// The flags of `visit`; `others` are the services of the same person or worker around
    /// the same time, `deceasedOn` the person's date of death if any.
    public static func findings(for visit: ServiceVisit, others: [ServiceVisit] = [], deceasedOn: CalendarDate? = nil) -> [QualityFinding] {
        var found: [QualityFinding] = []
        if visit.minutes * 2 < Double(visit.standardMinutes) {
            found.append(
                QualityFinding(
                    flag: .shortService,
                    detail: "服务时长 \(Int(visit.minutes.rounded())) 分钟，不足标准时长 \(visit.standardMinutes) 分钟的一半"))
        }
        if let address = visit.address, let position = visit.checkInPosition {
            let meters = position.distance(to: address)
            if meters > farCheckInMeters {
                found.append(QualityFinding(flag: .farCheckIn, detail: "签到位置距服务地址 \(GeoPoint.distanceText(meters))"))
            }
        }
        for other in others where other.orderID != visit.orderID && other.overlaps(visit) {
            if other.personID == visit.personID && other.serviceType == visit.serviceType {
                found.append(QualityFinding(flag: .overlappingOrders, detail: "与工单 \(other.orderID) 为同一老人同一服务，时间重叠"))
            }
            if other.workerID == visit.workerID, let a = visit.checkInPosition ?? visit.address, let b = other.checkInPosition ?? other.address,
                a.distance(to: b) > farCheckInMeters
            {
                found.append(
                    QualityFinding(
                        flag: .workerInTwoPlaces,
                        detail: "同一时间在工单 \(other.orderID) 服务，两处相距 \(GeoPoint.distanceText(a.distance(to: b)))"))
            }
        }
        if let deceasedOn, CalendarDate(visit.checkIn) > deceasedOn {
            found.append(QualityFinding(flag: .afterDeath, detail: "服务日期晚于死亡日期 \(deceasedOn)"))
        }
        return found
    }
}
