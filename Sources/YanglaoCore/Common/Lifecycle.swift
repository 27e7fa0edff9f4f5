/// A lifecycle as one table: for each status, the events it allows and the status each one
/// leads to. Orders, alarms and assessments each declare theirs in Core; their services ask
/// it before every change and refuse what it does not allow, so the rules exist once.
public struct Lifecycle<Status: Hashable & Sendable, Event: Hashable & Sendable>: Sendable {
    public let table: [Status: [Event: Status]]

    public init(_ table: [Status: [Event: Status]]) {
        self.table = table
    }

    /// The status after `event`, or nil when `status` does not allow it.
    public func next(after event: Event, from status: Status) -> Status? {
        table[status]?[event]
    }

    public func allows(_ event: Event, from status: Status) -> Bool {
        next(after: event, from: status) != nil
    }

    /// The events `status` allows (for showing only the buttons that can work).
    public func events(from status: Status) -> Set<Event> {
        Set(table[status]?.keys.map { $0 } ?? [])
    }
}
