import Fluent
import Foundation

/// The events recorded and not yet delivered (and, for a while, those delivered). Written in
/// the transaction of the change they report, so an event exists exactly when its change
/// committed; a crash between commit and delivery only delays it (the bus retries).
public final class DomainEventModel: Model, @unchecked Sendable {
    public static let schema = "domain_events"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "payload") public var payload: String
    @Field(key: "recorded_at") public var recordedAt: Date
    @OptionalField(key: "delivered_at") public var deliveredAt: Date?
    @Field(key: "attempts") public var attempts: Int
    @OptionalField(key: "last_error") public var lastError: String?

    public init() {}
}

public enum EventOutbox {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    /// Records `event` in the caller's transaction.
    public static func record<E: DomainEvent>(_ event: E, on db: any Database) async throws {
        let row = DomainEventModel()
        row.id = UUID.timeOrdered()
        row.name = E.name
        row.payload = String(decoding: try encoder.encode(event), as: UTF8.self)
        row.recordedAt = Date()
        row.attempts = 0
        try await row.create(on: db)
    }
}

struct CreateDomainEvents: TableMigration {
    let tables = [DomainEventModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(DomainEventModel.schema)
            .id()
            .field("name", .string, .required)
            .field("payload", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("delivered_at", .datetime)
            .field("attempts", .int, .required)
            .field("last_error", .string)
            .create()
        try await database.index(on: DomainEventModel.schema, named: "domain_events_pending", columns: ["delivered_at", "recorded_at"])
    }
}
