import Fluent
import Foundation
import YanglaoCore

/// 服务商: admitted by a county (its `region_code`), serving regions inside it. What lists
/// and dispatch filter on has columns; the offer (types, area, prices, labels) is JSON.
public final class ProviderModel: Model, RegionOwned, @unchecked Sendable {
    public static let schema = "service_providers"
    public static let regionField: FieldKey = "region_code"

    @ID(key: .id) public var id: UUID?
    @Field(key: "region_code") public var regionCode: String
    public var region: RegionCode { RegionCode(validated: regionCode) }
    @Field(key: "name") public var name: String
    @Field(key: "credit_code") public var creditCode: String
    @Field(key: "contact_phone") public var contactPhone: String
    @Field(key: "address") public var address: String
    @Field(key: "service_types") public var serviceTypesJSON: String
    @Field(key: "service_area") public var serviceAreaJSON: String
    @Field(key: "prices") public var pricesJSON: String
    @Field(key: "labels") public var labelsJSON: String
    @Field(key: "status") public var status: String
    @Field(key: "rating") public var rating: Double
    @Field(key: "rating_count") public var ratingCount: Int
    @Field(key: "applied_by") public var appliedBy: String
    @OptionalField(key: "decided_by") public var decidedBy: String?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @OptionalField(key: "decision_note") public var decisionNote: String?
    // Added by CreateProviderDispatch.
    @OptionalField(key: "admin_username") public var adminUsername: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var statusValue: ProviderStatus { ProviderStatus(rawValue: status) ?? .applied }
    public var county: RegionCode { RegionCode(validated: regionCode) }

    public var application: ProviderApplication {
        get {
            ProviderApplication(name: name, creditCode: creditCode, contactPhone: contactPhone, address: address,
                                serviceTypes: JSONColumn.decode(serviceTypesJSON) ?? [], serviceArea: JSONColumn.decode(serviceAreaJSON) ?? [],
                                prices: JSONColumn.decode(pricesJSON) ?? [:], labels: JSONColumn.decode(labelsJSON) ?? [])
        }
        set {
            name = newValue.name.trimmingCharacters(in: .whitespaces)
            creditCode = (try? CreditCode(newValue.creditCode).value) ?? newValue.creditCode
            contactPhone = (try? PhoneNumber(newValue.contactPhone).value) ?? newValue.contactPhone
            address = newValue.address.trimmingCharacters(in: .whitespaces)
            serviceTypesJSON = JSONColumn.encode(newValue.serviceTypes)
            serviceAreaJSON = JSONColumn.encode(newValue.serviceArea)
            pricesJSON = JSONColumn.encode(newValue.prices)
            labelsJSON = JSONColumn.encode(newValue.labels)
        }
    }

    /// As dispatch sees it.
    public var dispatchProvider: DispatchProvider {
        DispatchProvider(id: id?.uuidString ?? "", name: name, admitted: statusValue == .admitted,
                         serviceArea: (JSONColumn.decode(serviceAreaJSON) as [String]? ?? []).compactMap { try? RegionCode($0) })
    }
}

struct CreateProviders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProviderModel.schema)
            .id()
            .field("region_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("name", .string, .required)
            .field("credit_code", .string, .required)
            .field("contact_phone", .string, .required)
            .field("address", .string, .required)
            .field("service_types", .string, .required)
            .field("service_area", .string, .required)
            .field("prices", .string, .required)
            .field("labels", .string, .required)
            .field("status", .string, .required)
            .field("rating", .double, .required)
            .field("rating_count", .int, .required)
            .field("applied_by", .string, .required)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .field("decision_note", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "credit_code")
            .create()
        try await database.index(on: ProviderModel.schema, named: "service_providers_region", columns: ["region_code", "status", "name"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProviderModel.schema).delete()
    }
}
