import Fluent
import Foundation

/// One failed login, kept for the throttle window. Stored in the database (not in memory)
/// so that several app nodes share the count.
public final class LoginFailureModel: Model, @unchecked Sendable {
    public static let schema = "login_failures"

    @ID(key: .id) public var id: UUID?
    /// `account:<username>` or `address:<ip>`.
    @Field(key: "key") public var key: String
    @Field(key: "at") public var at: Date

    public init() {}

    public init(key: String, at: Date) {
        self.key = key
        self.at = at
    }
}

struct CreateLoginFailures: TableMigration {
    let tables = [LoginFailureModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(LoginFailureModel.schema)
            .id()
            .field("key", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.index(on: LoginFailureModel.schema, named: "login_failures_key_at", columns: ["key", "at"])
    }
}
