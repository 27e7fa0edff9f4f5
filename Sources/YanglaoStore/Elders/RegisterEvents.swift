import Foundation
import YanglaoCore

/// 在册状态变化: a person of the register died, moved away or came back. Recorded by the
/// register (by hand on the person's page, or from another department's feed); orders,
/// and later visits, the time bank, the waiting list and subsidies react to it.
public struct PersonStatusChanged: DomainEvent, Equatable {
    public static let name = "register.person_status_changed"

    public let elderID: UUID
    public let region: String
    public let from: ElderStatus
    public let to: ElderStatus
    /// The day it happened, when known.
    public let day: String?
    /// Where the news came from: a feed's source (`public_security`, …), nil when typed in.
    public let feed: String?
    public let actor: EventActor

    public init(elderID: UUID, region: String, from: ElderStatus, to: ElderStatus, day: String?, feed: String?, actor: EventActor) {
        self.elderID = elderID
        self.region = region
        self.from = from
        self.to = to
        self.day = day
        self.feed = feed
        self.actor = actor
    }
}
