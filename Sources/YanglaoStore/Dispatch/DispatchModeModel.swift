import Fluent
import Foundation

/// The county's 派单模式 (absent: straight to a worker).
public final class DispatchModeModel: Model, @unchecked Sendable {
    public static let schema = "dispatch_modes"

    @ID(key: .id) public var id: UUID?
    @Field(key: "county_code") public var countyCode: String
    @Field(key: "mode") public var mode: String
    @Field(key: "updated_by") public var updatedBy: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}

struct CreateProviderDispatch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DispatchModeModel.schema)
            .id()
            .field("county_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("mode", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "county_code")
            .create()
        // The provider administrator's account (服务商管理员), who assigns the provider's orders.
        try await database.schema(ProviderModel.schema).field("admin_username", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProviderModel.schema).deleteField("admin_username").update()
        try await database.schema(DispatchModeModel.schema).delete()
    }
}
