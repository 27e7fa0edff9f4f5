import Fluent
import Foundation

/// An API bearer token. Only its SHA-256 digest is stored, so a copy of the database
/// cannot be used to call the API.
public final class ApiTokenModel: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    @ID(key: .id) public var id: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    @Parent(key: "user_id") public var user: UserModel
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    @OptionalField(key: "address") public var address: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(tokenHash: String, userID: UUID, expiresAt: Date, address: String?) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.expiresAt = expiresAt
        self.address = address
    }
}

struct CreateApiTokens: TableMigration {
    let tables = [ApiTokenModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(ApiTokenModel.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("address", .string)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.index(on: ApiTokenModel.schema, named: "api_tokens_user", columns: ["user_id"])
    }
}
