import Foundation

/// How an order came in (下单渠道).
public enum OrderChannel: String, Sendable, Codable, CaseIterable {
    case app, phone, officer, api

    public var chineseName: String {
        switch self {
        case .app: "老人或家属自助下单"
        case .phone: "热线电话"
        case .officer: "村（社区）代下单"
        case .api: "接口"
        }
    }
}

/// 点单: what a new order asks for. The address defaults to the person's.
public struct OrderInput: Sendable, Hashable, Codable {
    public var elderId: UUID
    public var serviceType: String
    /// nil: as soon as possible.
    public var wantedAt: Date?
    public var address: String?
    public var notes: String?
    public var channel: OrderChannel

    public init(elderId: UUID, serviceType: String, wantedAt: Date? = nil, address: String? = nil, notes: String? = nil, channel: OrderChannel) {
        self.elderId = elderId
        self.serviceType = serviceType
        self.wantedAt = wantedAt
        self.address = address
        self.notes = notes
        self.channel = channel
    }

    /// Orders may be scheduled up to this far ahead.
    public static let furthestAhead: TimeInterval = 30 * 86_400

    /// Every problem, each naming its field, as of `now`.
    public func problems(now: Date, catalogue: [ServiceType] = ServiceCatalogue.example) -> [AppError] {
        var problems: [AppError] = []
        if ServiceCatalogue.type(serviceType, in: catalogue) == nil {
            problems.append(AppError(.invalidInput, "service_type_unknown", field: "serviceType", ["code": serviceType]))
        }
        if let wantedAt {
            // A few minutes of clock difference between a phone and the server are not an error.
            if wantedAt < now.addingTimeInterval(-600) { problems.append(AppError(.invalidInput, "order_time_past", field: "wantedAt")) }
            if wantedAt > now.addingTimeInterval(Self.furthestAhead) {
                problems.append(AppError(.invalidInput, "order_time_far", field: "wantedAt", ["days": "30"]))
            }
        }
        if let address, address.trimmingSpaces.isEmpty || address.count > 200 {
            problems.append(AppError(.invalidInput, "required", field: "address"))
        }
        if let notes, notes.count > 500 { problems.append(AppError(.invalidInput, "too_long", field: "notes", ["maximum": "500"])) }
        return problems
    }
}
