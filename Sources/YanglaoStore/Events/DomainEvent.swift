import Foundation

/// 领域事件: a fact one domain states after it changed its own records (a person died, moved
/// away, …) that other domains react to. A domain never calls into another: it records the
/// event in its own transaction (`EventOutbox.record`), and the `EventBus` hands it to every
/// subscriber once that transaction has committed — never when it rolled back.
public protocol DomainEvent: Codable, Sendable {
    /// A stable name, `<domain>.<what happened>`, stored with the event.
    static var name: String { get }
}

/// Who made the change an event reports, as the subscribers' own records name them.
public struct EventActor: Codable, Sendable, Equatable {
    public let userID: UUID?
    public let username: String
    public let role: String

    public init(_ actor: Actor) {
        userID = actor.userID
        username = actor.username
        role = actor.role.rawValue
    }

    /// The actor as a subscriber acts: with the rights of the platform itself (the change was
    /// authorised where it was made), under the name of who made it.
    public var acting: Actor {
        Actor(userID: userID, username: username, role: .systemAdmin, region: nil, address: nil)
    }
}
