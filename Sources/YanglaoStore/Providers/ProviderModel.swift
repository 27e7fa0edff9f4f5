import Fluent
import Foundation
import YanglaoCore

/// 服务商: admitted by a county (its `region_code`), serving regions inside it. What lists
/// and dispatch filter on has columns; the offer (types, area, prices, labels) is JSON.
public final class ProviderModel: Model, ProviderOwned, @unchecked Sendable {
    public static let schema = "service_providers"
    public static let regionField: FieldKey = "region_code"
    /// A provider's own row is the provider: its administrator sees it, no other.
    public static let providerField: FieldKey = "id"

    @ID(key: .id) public var id: UUID?
    @Field(key: "region_code") public var regionCode: String
    public var region: RegionCode { RegionCode(validated: regionCode) }
    @Field(key: "name") public var name: String
    @Field(key: "credit_code") public var creditCode: String
    /// The business phone masked (138****5678); the number itself is only in `contactPhoneCipher`.
    @Field(key: "contact_phone") public var contactPhoneMasked: String
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
    // Added by SealProviderContactPhones: the phone sealed like the register's numbers.
    @OptionalField(key: "contact_phone_cipher") public var contactPhoneCipher: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var statusValue: ProviderStatus { ProviderStatus(rawValue: status) ?? .applied }
    public var county: RegionCode { RegionCode(validated: regionCode) }

    public var application: ProviderApplication {
        get {
            ProviderApplication(
                name: name, creditCode: creditCode, contactPhone: contactPhoneMasked, address: address,
                serviceTypes: JSONColumn.decode(serviceTypesJSON) ?? [], serviceArea: JSONColumn.decode(serviceAreaJSON) ?? [],
                prices: JSONColumn.decode(pricesJSON) ?? [:], labels: JSONColumn.decode(labelsJSON) ?? [])
        }
        set {
            name = newValue.name.trimmingCharacters(in: .whitespaces)
            creditCode = (try? CreditCode(newValue.creditCode).value) ?? newValue.creditCode
            contactPhoneMasked = (try? PhoneNumber(newValue.contactPhone).masked) ?? ""
            address = newValue.address.trimmingCharacters(in: .whitespaces)
            serviceTypesJSON = JSONColumn.encode(newValue.serviceTypes)
            serviceAreaJSON = JSONColumn.encode(newValue.serviceArea)
            pricesJSON = JSONColumn.encode(newValue.prices)
            labelsJSON = JSONColumn.encode(newValue.labels)
        }
    }

    /// Seals the business phone (the application's setter keeps only its masked form).
    public func sealContactPhone(_ phone: String, with protection: DataProtection) throws {
        let number = (try? PhoneNumber(phone).value) ?? phone
        contactPhoneCipher = try protection.seal(number)
        contactPhoneMasked = (try? PhoneNumber(phone).masked) ?? ""
    }

    /// The business phone in full, for the pages of officers and the provider itself.
    public func contactPhone(openedWith protection: DataProtection) -> String? {
        contactPhoneCipher.flatMap { try? protection.open($0) }
    }

    /// As dispatch sees it.
    public var dispatchProvider: DispatchProvider {
        DispatchProvider(
            id: id?.uuidString ?? "", name: name, admitted: statusValue == .admitted,
            serviceArea: (JSONColumn.decode(serviceAreaJSON) as [String]? ?? []).compactMap { try? RegionCode($0) })
    }
}

struct CreateProviders: TableMigration {
    let tables = [ProviderModel.schema]

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
}

/// The provider's business phone was stored in clear (issue 19): a column for the sealed
/// number. Rows written before it are sealed by `sealClearContactPhones` once the data key
/// is loaded (a migration has no key).
struct SealProviderContactPhones: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProviderModel.schema).field("contact_phone_cipher", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProviderModel.schema).deleteField("contact_phone_cipher").update()
    }
}

extension ProviderModel {
    /// Seals every business phone still in clear and keeps only its masked form; returns how
    /// many were sealed. Idempotent: run after every migration.
    public static func sealClearContactPhones(on db: any Database, with protection: DataProtection) async throws -> Int {
        let clear = try await ProviderModel.query(on: db).filter(\.$contactPhoneCipher == nil).all()
        for provider in clear {
            try provider.sealContactPhone(provider.contactPhoneMasked, with: protection)
            try await provider.update(on: db)
        }
        return clear.count
    }
}
