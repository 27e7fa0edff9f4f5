import Fluent
import Foundation

/// 审计日志: who did what to which record, when and from where. Append-only; the entry
/// belongs to the region of the record it is about, so officers see the log of their subtree.
public final class AuditEntryModel: Model, @unchecked Sendable {
    public static let schema = "audit_log"

    @ID(key: .id) public var id: UUID?
    @Field(key: "at") public var at: Date
    @OptionalField(key: "actor_id") public var actorID: UUID?
    @Field(key: "actor_username") public var actorUsername: String
    @Field(key: "action") public var action: String
    @Field(key: "record_type") public var recordType: String
    @OptionalField(key: "record_id") public var recordID: String?
    @Field(key: "region_code") public var regionCode: String
    @OptionalField(key: "detail") public var detail: String?
    @OptionalField(key: "address") public var address: String?

    public init() {}
}

extension AuditEntryModel: RegionOwned {
    public static let regionField: FieldKey = "region_code"
}

struct CreateAuditLog: TableMigration {
    let tables = [AuditEntryModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntryModel.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_username", .string, .required)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string)
            .field("region_code", .string, .required)
            .field("detail", .string)
            .field("address", .string)
            .create()
        try await database.index(on: AuditEntryModel.schema, named: "audit_region_at", columns: ["region_code", "at"])
        try await database.index(on: AuditEntryModel.schema, named: "audit_at", columns: ["at"])
    }
}
