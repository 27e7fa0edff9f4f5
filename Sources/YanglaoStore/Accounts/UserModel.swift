import Fluent
import Foundation
import YanglaoCore

/// An account: one person's login, with one role, bound to one region.
public final class UserModel: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    @Field(key: "role") public var role: String
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "disabled") public var disabled: Bool
    @OptionalField(key: "password_changed_at") public var passwordChangedAt: Date?
    /// Set for a password someone else chose (setup, an import): the account must choose its own before anything else.
    @OptionalField(key: "must_change_password") public var mustChangePassword: Bool?
    /// The officer's phone, sealed, and its masked form for lists.
    @OptionalField(key: "phone_cipher") public var phoneCipher: String?
    @OptionalField(key: "phone_masked") public var phoneMasked: String?
    /// The phone's keyed hash, to find the account that asks for a sign-in code.
    @OptionalField(key: "phone_lookup") public var phoneLookup: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(id: UUID? = nil, username: String, displayName: String, role: Role, region: RegionCode, passwordHash: String) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role.rawValue
        self.regionCode = region.value
        self.passwordHash = passwordHash
        self.disabled = false
        self.passwordChangedAt = Date()
    }

    public var roleValue: Role { Role(rawValue: role) ?? .elderFamily }
    public var region: RegionCode { RegionCode(validated: regionCode) }
}

extension UserModel: RegionOwned {
    public static let regionField: FieldKey = "region_code"
}

struct CreateUsers: TableMigration {
    let tables = [UserModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(UserModel.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("region_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("password_hash", .string, .required)
            .field("disabled", .bool, .required)
            .field("password_changed_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.index(on: UserModel.schema, named: "users_region", columns: ["region_code"])
    }
}

extension UserModel {
    /// The account `username` when it has `role` and belongs inside `region`: the account a
    /// provider or a worker record may be linked to.
    static func linkable(_ username: String, role: Role, inside region: RegionCode, on db: any Database) async throws -> UserModel? {
        guard let user = try await query(on: db).filter(\.$username == username).first(), user.roleValue == role, region.contains(user.region)
        else { return nil }
        return user
    }
}

/// Accounts whose first password was handed to them must change it at first sign-in.
struct AddUserMustChangePassword: ColumnMigration {
    let table = UserModel.schema
    let columns: [(name: String, type: DatabaseSchema.DataType)] = [("must_change_password", .bool)]
}

/// An account's phone number (imported with the accounts), sealed like every personal number.
struct AddUserPhone: ColumnMigration {
    let table = UserModel.schema
    let columns: [(name: String, type: DatabaseSchema.DataType)] = [("phone_cipher", .string), ("phone_masked", .string)]
}
