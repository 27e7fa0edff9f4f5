import Fluent
import YanglaoCore

/// What every service works with: the database as the actor may see it (`ScopedDatabase`),
/// who acts, the keys for ID and phone numbers, today, and what the server's requests share
/// (`NodeState`: caches, group commits, the event bus and the sinks the web layer implements).
/// A request, a command-line run or a background job builds one and hands it to any service;
/// no service is built from another.
public struct StoreContext: Sendable {
    public let scoped: ScopedDatabase
    public let actor: Actor
    public let protection: DataProtection
    public let today: CalendarDate
    public let node: NodeState

    public var database: any Database { scoped.database }

    public init(database: any Database, actor: Actor, protection: DataProtection, today: CalendarDate = .today(), node: NodeState = NodeState()) {
        self.scoped = ScopedDatabase(database: database, actor: actor)
        self.actor = actor
        self.protection = protection
        self.today = today
        self.node = node
    }

    /// The same context with a changed node state (a test's own cache or group commit).
    public func withNode(_ change: (inout NodeState) -> Void) -> StoreContext {
        StoreContext(database: database, actor: actor, protection: protection, today: today, node: node.with(change))
    }

    /// Delivers the domain events recorded in a transaction that has committed; without an
    /// event bus they wait for the serving node's delivery job.
    public func deliverEvents() async {
        await node.events?.deliverPending(on: database)
    }
}

/// A slot of `NodeState`, declared by the domain that owns the value.
public protocol NodeStateKey {
    associatedtype Value: Sendable
}

/// What the requests of one server share, set up once when it starts: each domain keeps its
/// caches, group commits and sinks here under its own keys (`NodeStateKey`), so this type
/// names none of them. Every slot may be empty (tests, the command line): a service then does
/// the work directly — builds what it would have cached, inserts without the group commit,
/// leaves events for the delivery job.
public struct NodeState: Sendable {
    private var values: [ObjectIdentifier: any Sendable] = [:]
    /// Where domain events go after commit.
    public var events: EventBus?

    public init(events: EventBus? = nil) {
        self.events = events
    }

    /// A copy with some slots filled (a test's own cache or group commit).
    public func with(_ change: (inout NodeState) -> Void) -> NodeState {
        var copy = self
        change(&copy)
        return copy
    }

    public subscript<Key: NodeStateKey>(key: Key.Type) -> Key.Value? {
        get { values[ObjectIdentifier(key)] as? Key.Value }
        set { values[ObjectIdentifier(key)] = newValue }
    }
}
