import Fluent
import Foundation
import YanglaoCore

/// 服务人员 of a provider; `region_code` is the provider's county (for scoping). The phone
/// is sealed like the register's; the position is the last one the phone reported, else
/// the home base.
public final class WorkerModel: Model, ProviderOwned, @unchecked Sendable {
    public static let schema = "service_workers"
    public static let regionField: FieldKey = "region_code"
    public static let providerField: FieldKey = "provider_id"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "provider_id") public var provider: ProviderModel
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "name") public var name: String
    @Field(key: "phone_cipher") public var phoneCipher: String
    @Field(key: "phone_masked") public var phoneMasked: String
    @Field(key: "skills") public var skillsJSON: String
    @Field(key: "certificate_level") public var certificateLevel: Int
    @Field(key: "base_latitude") public var baseLatitude: Double
    @Field(key: "base_longitude") public var baseLongitude: Double
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "longitude") public var longitude: Double?
    @OptionalField(key: "position_at") public var positionAt: Date?
    @Field(key: "work_start") public var workStart: String
    @Field(key: "work_end") public var workEnd: String
    @Field(key: "capacity") public var capacity: Int
    @Field(key: "on_duty") public var onDuty: Bool
    @Field(key: "rating") public var rating: Double
    @OptionalField(key: "username") public var username: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var county: RegionCode { RegionCode(validated: regionCode) }
    public var skills: [String] { JSONColumn.decode(skillsJSON) ?? [] }
    public var position: GeoPoint {
        GeoPoint(latitude: latitude ?? baseLatitude, longitude: longitude ?? baseLongitude)
    }

    /// As dispatch sees the worker, with `load` open orders.
    public func dispatchWorker(load: Int) -> DispatchWorker {
        DispatchWorker(
            id: id?.uuidString ?? "", providerID: $provider.id.uuidString, name: name, position: position, skills: Set(skills),
            onDuty: onDuty, load: load, capacity: capacity, rating: rating)
    }
}

struct CreateWorkers: TableMigration {
    let tables = [WorkerModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(WorkerModel.schema)
            .id()
            .field("provider_id", .uuid, .required, .references(ProviderModel.schema, "id"))
            .field("region_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("name", .string, .required)
            .field("phone_cipher", .string, .required)
            .field("phone_masked", .string, .required)
            .field("skills", .string, .required)
            .field("certificate_level", .int, .required)
            .field("base_latitude", .double, .required)
            .field("base_longitude", .double, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("position_at", .datetime)
            .field("work_start", .string, .required)
            .field("work_end", .string, .required)
            .field("capacity", .int, .required)
            .field("on_duty", .bool, .required)
            .field("rating", .double, .required)
            .field("username", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.index(on: WorkerModel.schema, named: "service_workers_provider", columns: ["provider_id", "name"])
        try await database.index(on: WorkerModel.schema, named: "service_workers_region", columns: ["region_code", "on_duty"])
    }
}
