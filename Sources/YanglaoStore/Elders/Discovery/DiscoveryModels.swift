import Fluent
import Foundation
import YanglaoCore

/// A record received from another department, matched or not. The ID number is kept
/// sealed (with its lookup hash), so unmatched records can be matched later.
public final class FeedRecordModel: Model, @unchecked Sendable {
    public static let schema = "feed_records"

    @ID(key: .id) public var id: UUID?
    @Field(key: "source") public var source: String
    @Field(key: "event") public var event: String
    @Field(key: "event_date") public var eventDate: String
    @Field(key: "id_cipher") public var idCipher: String
    @Field(key: "id_hash") public var idHash: String
    @Field(key: "id_masked") public var idMasked: String
    @Field(key: "detail") public var detail: String
    @OptionalField(key: "elder_id") public var elderID: UUID?
    /// The matched person's village; nil while unmatched (then only city-wide roles see it).
    @OptionalField(key: "region_code") public var regionCode: String?
    /// Same source, event, person and date: a record sent twice is taken once.
    @Field(key: "dedupe_key") public var dedupeKey: String
    @Timestamp(key: "received_at", on: .create) public var receivedAt: Date?

    public init() {}
}

/// 待办事项 for a village or township about one person.
public final class WorkItemModel: Model, @unchecked Sendable {
    public static let schema = "work_items"

    public enum Status: String, Sendable, CaseIterable { case open, done, dismissed }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "elder_id") public var elder: ElderModel
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "kind") public var kind: String
    /// What raised it (`feed:public_security`, `discovery`), and its own key there, for idempotence.
    @Field(key: "source") public var source: String
    @Field(key: "source_key") public var sourceKey: String
    @Field(key: "detail") public var detail: String
    /// What was already done automatically (e.g. `status=deceased`), empty when nothing.
    @Field(key: "applied") public var applied: String
    @Field(key: "status") public var status: String
    @OptionalField(key: "resolved_by") public var resolvedBy: String?
    @OptionalField(key: "resolved_at") public var resolvedAt: Date?
    @OptionalField(key: "note") public var note: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

extension WorkItemModel: RegionOwned {
    public static let regionField: FieldKey = "region_code"
}

struct CreateDiscovery: TableMigration {
    let tables = [FeedRecordModel.schema, WorkItemModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(FeedRecordModel.schema)
            .id()
            .field("source", .string, .required)
            .field("event", .string, .required)
            .field("event_date", .string, .required)
            .field("id_cipher", .string, .required)
            .field("id_hash", .string, .required)
            .field("id_masked", .string, .required)
            .field("detail", .string, .required)
            .field("elder_id", .uuid, .references(ElderModel.schema, "id", onDelete: .setNull))
            .field("region_code", .string)
            .field("dedupe_key", .string, .required)
            .field("received_at", .datetime)
            .unique(on: "dedupe_key")
            .create()
        try await database.index(on: FeedRecordModel.schema, named: "feed_records_hash", columns: ["id_hash"])
        try await database.index(on: FeedRecordModel.schema, named: "feed_records_unmatched", columns: ["elder_id", "received_at"])

        try await database.schema(WorkItemModel.schema)
            .id()
            .field("elder_id", .uuid, .required, .references(ElderModel.schema, "id", onDelete: .cascade))
            .field("region_code", .string, .required)
            .field("kind", .string, .required)
            .field("source", .string, .required)
            .field("source_key", .string, .required)
            .field("detail", .string, .required)
            .field("applied", .string, .required)
            .field("status", .string, .required)
            .field("resolved_by", .string)
            .field("resolved_at", .datetime)
            .field("note", .string)
            .field("created_at", .datetime)
            .unique(on: "elder_id", "kind", "source_key")
            .create()
        try await database.index(on: WorkItemModel.schema, named: "work_items_region_status", columns: ["region_code", "status"])
    }
}
