import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import SQLKit

/// 事件总线: who reacts to which `DomainEvent`. Subscribers register once, when the platform
/// is configured; `deliverPending` hands every committed, undelivered event to them.
///
/// Each event is delivered in one transaction together with what its subscribers write, and
/// marked delivered in it: a subscriber that fails rolls the delivery back, and the event is
/// tried again later (all its subscribers, so they must be idempotent — "cancel this
/// person's open orders" is). Two servers delivering at once cannot both deliver one event:
/// the claim is a conditional update inside that transaction.
public final class EventBus: Sendable {
    public typealias Handler = @Sendable (_ payload: Data, _ db: any Database) async throws -> Void

    struct Subscriber: Sendable {
        let name: String
        let handler: Handler
    }

    private let subscribers = NIOLockedValueBox<[String: [Subscriber]]>([:])
    public let logger: Logger

    public init(logger: Logger = Logger(label: "yanglao.events")) {
        self.logger = logger
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// `handler` is told of every `E` after the transaction that recorded it committed.
    public func subscribe<E: DomainEvent>(_ type: E.Type, as name: String, _ handler: @escaping @Sendable (E, any Database) async throws -> Void) {
        let wrapped: Handler = { payload, db in try await handler(try Self.decoder.decode(E.self, from: payload), db) }
        subscribers.withLockedValue { $0[E.name, default: []].append(Subscriber(name: name, handler: wrapped)) }
    }

    /// The subscribers of an event name, in the order they subscribed.
    public func subscriberNames(of name: String) -> [String] {
        subscribers.withLockedValue { $0[name]?.map(\.name) ?? [] }
    }

    /// Delivers the recorded events not yet delivered, oldest first, up to `limit`; returns
    /// how many were delivered. Errors are kept with the event (attempts, last error) and
    /// logged; they never reach the caller, whose own change has committed already.
    @discardableResult
    public func deliverPending(on db: any Database, limit: Int = 500) async -> Int {
        let pending: [DomainEventModel]
        do {
            pending = try await DomainEventModel.query(on: db).filter(\.$deliveredAt == nil)
                .sort(\.$recordedAt).sort(\.$id).limit(limit).all()
        } catch {
            logger.error("domain events: reading pending events failed: \(String(reflecting: error))")
            return 0
        }
        var delivered = 0
        for event in pending {
            let handlers = subscribers.withLockedValue { $0[event.name] ?? [] }
            do {
                let claimed = try await db.transaction { tx in
                    guard try await Self.claim(event, on: tx) else { return false }
                    let payload = Data(event.payload.utf8)
                    for subscriber in handlers { try await subscriber.handler(payload, tx) }
                    return true
                }
                if claimed { delivered += 1 }
            } catch {
                logger.error("domain event \(event.name) \(event.id?.uuidString ?? "") not delivered: \(String(reflecting: error))")
                try? await Self.noteFailure(event, error: error, on: db)
            }
        }
        return delivered
    }

    /// Marks the event delivered unless another server did first.
    static func claim(_ event: DomainEventModel, on db: any Database) async throws -> Bool {
        guard let id = event.id else { return false }
        let sql = try db.sqlDatabase()
        let rows = try await sql.update(DomainEventModel.schema)
            .set("delivered_at", to: SQLBind(Date()))
            .set("attempts", to: SQLBinaryExpression(SQLColumn("attempts"), .add, SQLLiteral.numeric("1")))
            .where("id", .equal, SQLBind(id))
            .where("delivered_at", .is, SQLLiteral.null)
            .returning("id")
            .all()
        return !rows.isEmpty
    }

    static func noteFailure(_ event: DomainEventModel, error: any Error, on db: any Database) async throws {
        guard let id = event.id else { return }
        try await db.sqlDatabase().update(DomainEventModel.schema)
            .set("attempts", to: SQLBinaryExpression(SQLColumn("attempts"), .add, SQLLiteral.numeric("1")))
            .set("last_error", to: SQLBind(String(String(reflecting: error).prefix(500))))
            .where("id", .equal, SQLBind(id))
            .run()
    }
}
