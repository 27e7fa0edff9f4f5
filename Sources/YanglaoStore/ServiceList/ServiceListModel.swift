import Fluent
import Foundation
import YanglaoCore

/// One version of a region's 基本养老服务清单. Items are JSON; what lookups need (region,
/// status, validity) has columns. Published versions never change; a new one replaces them.
public final class ServiceListModel: Model, RegionOwned, @unchecked Sendable {
    public static let regionField: FieldKey = "region_code"
    public static let schema = "service_lists"

    @ID(key: .id) public var id: UUID?
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "version") public var version: String
    @Field(key: "valid_from") public var validFrom: String
    @OptionalField(key: "valid_to") public var validTo: String?
    @Field(key: "status") public var status: String
    @Field(key: "items") public var itemsJSON: String
    @Field(key: "note") public var note: String
    @Field(key: "created_by") public var createdBy: String
    @OptionalField(key: "published_by") public var publishedBy: String?
    @OptionalField(key: "published_at") public var publishedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public enum Status: String, Sendable, CaseIterable { case draft, published }

    public var statusValue: Status { Status(rawValue: status) ?? .draft }
    public var region: RegionCode { RegionCode(validated: regionCode) }

    public var items: [ServiceListItem] {
        get { (try? JSONDecoder().decode([ServiceListItem].self, from: Data(itemsJSON.utf8))) ?? [] }
        set { itemsJSON = JSONColumn.encode(newValue) }
    }

    /// In force on `day`: published, started, not ended.
    public func isInForce(on day: CalendarDate) -> Bool {
        statusValue == .published && validFrom <= day.description && (validTo.map { day.description <= $0 } ?? true)
    }
}

struct CreateServiceLists: TableMigration {
    let tables = [ServiceListModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(ServiceListModel.schema)
            .id()
            .field("region_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("version", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .field("status", .string, .required)
            .field("items", .string, .required)
            .field("note", .string, .required)
            .field("created_by", .string, .required)
            .field("published_by", .string)
            .field("published_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.index(on: ServiceListModel.schema, named: "service_lists_region", columns: ["region_code", "status", "valid_from"])
    }
}
