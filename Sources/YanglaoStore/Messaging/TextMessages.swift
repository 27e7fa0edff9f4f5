import Foundation

/// A text message ready to go: the phone opened, the text written. Domains keep their own
/// outboxes (a guardian's alarm message, a sign-in code); every one is sent the same way.
public struct OutgoingNotification: Sendable, Codable, Equatable {
    public let id: UUID
    /// The alarm a guardian is told of; nil for a message about no alarm (a sign-in code).
    public let alarmId: UUID?
    public let alarmType: String?
    public let phone: String
    public let name: String
    public let relation: String
    public let message: String

    public init(id: UUID, alarmId: UUID? = nil, alarmType: String? = nil, phone: String, name: String, relation: String, message: String) {
        self.id = id
        self.alarmId = alarmId
        self.alarmType = alarmType
        self.phone = phone
        self.name = name
        self.relation = relation
        self.message = message
    }
}

/// Where messages go: an SMS gateway or a webhook, by configuration.
public protocol NotificationSender: Sendable {
    func send(_ notification: OutgoingNotification) async throws
}
