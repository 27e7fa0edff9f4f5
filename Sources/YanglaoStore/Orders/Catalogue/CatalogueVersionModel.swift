import Fluent
import Foundation
import YanglaoCore

/// One version of a region's service catalogue (see `CatalogueRules`): the entries in force
/// from `validFrom` until the region's next version.
public final class CatalogueVersionModel: Model, @unchecked Sendable {
    public static let schema = "service_catalogues"

    @ID(key: .id) public var id: UUID?
    @Field(key: "region_code") public var regionCode: String
    /// `YYYY-MM-DD`.
    @Field(key: "valid_from") public var validFrom: String
    @Field(key: "entries") public var entriesJSON: String
    @Field(key: "published_by") public var publishedBy: String
    @Timestamp(key: "published_at", on: .create) public var publishedAt: Date?

    public init() {}

    public var entries: [CatalogueEntry] { JSONColumn.decode(entriesJSON) ?? [] }
    public var catalogue: [ServiceType] { CatalogueRules.apply(entries) }
}

extension CatalogueVersionModel: RegionOwned {
    public static let regionField: FieldKey = "region_code"
}

struct CreateServiceCatalogues: TableMigration {
    let tables = [CatalogueVersionModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(CatalogueVersionModel.schema)
            .id()
            .field("region_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("valid_from", .string, .required)
            .field("entries", .string, .required)
            .field("published_by", .string, .required)
            .field("published_at", .datetime)
            .unique(on: "region_code", "valid_from")
            .create()
    }
}

/// The standard duration an order was placed under, so its short-service check keeps it
/// when the catalogue changes later.
struct AddOrderStandardMinutes: ColumnMigration {
    let table = OrderModel.schema
    let columns: [(name: String, type: DatabaseSchema.DataType)] = [("standard_minutes", .int)]
}
