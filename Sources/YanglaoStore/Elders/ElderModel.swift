import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// A person of the register. The ID and phone numbers are stored sealed (AES-GCM) with a
/// keyed hash for lookup and a masked copy for lists; dates are `YYYY-MM-DD` text, which
/// sorts and compares the same on SQLite and PostgreSQL.
public final class ElderModel: Model, @unchecked Sendable {
    public static let schema = "elders"

    @ID(key: .id) public var id: UUID?
    @Field(key: "id_cipher") public var idCipher: String
    @Field(key: "id_hash") public var idHash: String
    @Field(key: "id_masked") public var idMasked: String
    @Field(key: "name") public var name: String
    @Field(key: "sex") public var sex: String
    @Field(key: "birth_date") public var birthDate: String
    @OptionalField(key: "phone_cipher") public var phoneCipher: String?
    @OptionalField(key: "phone_masked") public var phoneMasked: String?
    @Field(key: "address") public var address: String
    @Field(key: "region_code") public var regionCode: String
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "longitude") public var longitude: Double?
    @Field(key: "household_local") public var householdLocal: Bool
    @OptionalField(key: "household_place") public var householdPlace: String?
    @OptionalField(key: "living") public var living: String?
    @Field(key: "status") public var status: String
    @OptionalField(key: "status_date") public var statusDate: String?
    @OptionalField(key: "status_note") public var statusNote: String?
    @OptionalField(key: "enrolled_on") public var enrolledOn: String?
    /// The village the person was registered in before it was merged into `regionCode` (撤并).
    @OptionalField(key: "former_region_code") public var formerRegionCode: String?
    /// Keyed hash of the record's content: an import row whose hash matches is unchanged.
    @OptionalField(key: "fingerprint") public var fingerprint: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    @Children(for: \.$elder) public var categories: [ElderCategoryModel]
    @Children(for: \.$elder) public var contacts: [ElderContactModel]

    public init() {}

    public var statusValue: ElderStatus { ElderStatus(rawValue: status) ?? .active }
    public var sexValue: Sex { Sex(rawValue: sex) ?? .male }
    public var birth: CalendarDate { CalendarDate(birthDate)! }
    public var region: RegionCode { RegionCode(validated: regionCode) }
}

extension ElderModel: RegionOwned {
    public static let regionField: FieldKey = "region_code"
}

/// One category of a person (低保 since 2020, source 民政).
public final class ElderCategoryModel: Model, @unchecked Sendable {
    public static let schema = "elder_categories"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "elder_id") public var elder: ElderModel
    @Field(key: "category") public var category: String
    @OptionalField(key: "since") public var since: String?
    @OptionalField(key: "until") public var until: String?
    @Field(key: "source") public var source: String
    /// The person's village and name, repeated so a category list of a region is one index
    /// range already in list order (region, name, person).
    @OptionalField(key: "region_code") public var regionCode: String?
    @OptionalField(key: "name") public var name: String?

    public init() {}

    public var membership: CategoryMembership? {
        ElderCategory(rawValue: category).map {
            CategoryMembership(category: $0, since: since.flatMap(CalendarDate.init), until: until.flatMap(CalendarDate.init), source: source)
        }
    }
}

/// A guardian or emergency contact, phone sealed like the person's own.
public final class ElderContactModel: Model, @unchecked Sendable {
    public static let schema = "elder_contacts"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "elder_id") public var elder: ElderModel
    @Field(key: "position") public var position: Int
    @Field(key: "name") public var name: String
    @Field(key: "relation") public var relation: String
    @Field(key: "phone_cipher") public var phoneCipher: String
    @Field(key: "phone_masked") public var phoneMasked: String

    public init() {}
}

struct CreateElders: TableMigration {
    let tables = [ElderModel.schema, ElderCategoryModel.schema, ElderContactModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(ElderModel.schema)
            .id()
            .field("id_cipher", .string, .required)
            .field("id_hash", .string, .required)
            .field("id_masked", .string, .required)
            .field("name", .string, .required)
            .field("sex", .string, .required)
            .field("birth_date", .string, .required)
            .field("phone_cipher", .string)
            .field("phone_masked", .string)
            .field("address", .string, .required)
            .field("region_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("latitude", .double)
            .field("longitude", .double)
            .field("household_local", .bool, .required)
            .field("household_place", .string)
            .field("living", .string)
            .field("status", .string, .required)
            .field("status_date", .string)
            .field("status_note", .string)
            .field("enrolled_on", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "id_hash")
            .create()
        try await database.index(on: ElderModel.schema, named: "elders_region_status", columns: ["region_code", "status"])
        try await database.index(on: ElderModel.schema, named: "elders_birth", columns: ["birth_date"])
        try await database.index(on: ElderModel.schema, named: "elders_name", columns: ["name"])

        try await database.schema(ElderCategoryModel.schema)
            .id()
            .field("elder_id", .uuid, .required, .references(ElderModel.schema, "id", onDelete: .cascade))
            .field("category", .string, .required)
            .field("since", .string)
            .field("until", .string)
            .field("source", .string, .required)
            .unique(on: "elder_id", "category")
            .create()
        try await database.index(on: ElderCategoryModel.schema, named: "elder_categories_category", columns: ["category", "elder_id"])

        try await database.schema(ElderContactModel.schema)
            .id()
            .field("elder_id", .uuid, .required, .references(ElderModel.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("relation", .string, .required)
            .field("phone_cipher", .string, .required)
            .field("phone_masked", .string, .required)
            .create()
        try await database.index(on: ElderContactModel.schema, named: "elder_contacts_elder", columns: ["elder_id"])
    }
}

/// Adds the content fingerprint that lets an import tell unchanged rows without decrypting.
struct AddElderFingerprint: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ElderModel.schema).field("fingerprint", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ElderModel.schema).deleteField("fingerprint").update()
    }
}

/// Indexes for the register's hot reads on a city-sized register: stats read (region,
/// status, sex, birth date) from one covering index; a category list of a region reads
/// the category rows of that region's code range (region repeated on the category row).
struct AddRegisterReadIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ElderCategoryModel.schema).field("region_code", .string).update()
        if let sql = database as? any SQLDatabase {
            try await sql.raw(
                """
                UPDATE elder_categories SET region_code = (SELECT region_code FROM elders WHERE elders.id = elder_categories.elder_id)
                """
            ).run()
        }
        try await database.index(on: ElderCategoryModel.schema, named: "elder_categories_category_region", columns: ["category", "region_code"])
        try await database.index(
            on: ElderModel.schema, named: "elders_region_status_sex_birth", columns: ["region_code", "status", "sex", "birth_date"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ElderCategoryModel.schema).deleteField("region_code").update()
    }
}

/// Where a person was registered before their village was merged into another.
struct AddElderFormerRegion: ColumnMigration {
    let table = ElderModel.schema
    let columns: [(name: String, type: DatabaseSchema.DataType)] = [("former_region_code", .string)]
}
