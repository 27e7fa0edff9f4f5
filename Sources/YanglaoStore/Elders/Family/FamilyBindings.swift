import Fluent
import Foundation
import YanglaoCore

/// An elder or family account bound to a person of the register. A family member may be
/// bound to several people (parents, parents-in-law); the account sees only them.
public final class FamilyBindingModel: Model, @unchecked Sendable {
    public static let schema = "family_bindings"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserModel
    @Parent(key: "elder_id") public var elder: ElderModel
    @Field(key: "relation") public var relation: String
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

struct CreateFamilyBindings: TableMigration {
    let tables = [FamilyBindingModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(FamilyBindingModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("elder_id", .uuid, .required, .references(ElderModel.schema, "id", onDelete: .cascade))
            .field("relation", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id", "elder_id")
            .create()
        try await database.index(on: FamilyBindingModel.schema, named: "family_bindings_elder", columns: ["elder_id"])
    }
}

/// 家属视图: binding family accounts to people (by the register's editors) and what a
/// family account may see — its own people, never a list of the register.
public struct FamilyService: Sendable {
    public let context: StoreContext
    var elders: ElderService { ElderService(context) }

    public init(_ context: StoreContext) { self.context = context }

    var db: any Database { context.scoped.database }

    /// Binds the family account `username` to a person in the editor's region.
    public func bind(_ elderID: UUID, username: String, relation: String) async throws -> FamilyBindingModel {
        try elders.requireEdit()
        let person = try await elders.model(elderID)
        guard let user = try await UserModel.query(on: db).filter(\.$username == username.lowercased()).first() else {
            throw AppError(.invalidInput, "user_not_found", field: "username")
        }
        guard user.roleValue == .elderFamily else {
            throw AppError(.invalidInput, "family_account_required", field: "username", ["username": user.username])
        }
        let relationText = relation.trimmingCharacters(in: .whitespaces)
        guard !relationText.isEmpty else { throw AppError(.invalidInput, "required", field: "relation") }
        if try await FamilyBindingModel.query(on: db).filter(\.$user.$id == user.requireID()).filter(\.$elder.$id == elderID).first() != nil {
            throw AppError(.conflict, "family_already_bound", field: "username", ["username": user.username])
        }
        let binding = FamilyBindingModel()
        binding.$user.id = try user.requireID()
        binding.$elder.id = elderID
        binding.relation = String(relationText.prefix(20))
        binding.createdBy = context.actor.username
        let actor = context.actor
        try await db.transaction { db in
            try await binding.create(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "family.bind", recordType: "elder", recordID: elderID.uuidString,
                region: person.region, detail: "user=\(user.username) relation=\(binding.relation)")
        }
        return binding
    }

    public func unbind(_ elderID: UUID, userID: UUID) async throws {
        try elders.requireEdit()
        let person = try await elders.model(elderID)
        guard let binding = try await FamilyBindingModel.query(on: db).filter(\.$user.$id == userID).filter(\.$elder.$id == elderID).first() else {
            throw AppError(.notFound, "family_binding_not_found")
        }
        let actor = context.actor
        try await db.transaction { db in
            try await binding.delete(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "family.unbind", recordType: "elder", recordID: elderID.uuidString,
                region: person.region, detail: "user=\(userID.uuidString)")
        }
    }

    /// The accounts bound to a person (for the person's page).
    public func bindings(of elderID: UUID) async throws -> [(user: UserModel, relation: String)] {
        _ = try await elders.model(elderID)
        let rows = try await FamilyBindingModel.query(on: db).filter(\.$elder.$id == elderID).with(\.$user).all()
        return rows.map { ($0.user, $0.relation) }
    }

    /// The people the signed-in family account is bound to.
    public func mine() async throws -> [(elder: ElderModel, relation: String)] {
        guard let userID = context.actor.userID else { return [] }
        let rows = try await FamilyBindingModel.query(on: db).filter(\.$user.$id == userID).with(\.$elder).all()
        return rows.map { ($0.elder, $0.relation) }.sorted { $0.elder.name < $1.elder.name }
    }

    /// One of the account's bound people, as the register holds them (not a read of the full
    /// record: for acting on the person, as an SOS does); anyone else is not found.
    public func bound(_ elderID: UUID) async throws -> ElderModel {
        guard let userID = context.actor.userID,
            let binding = try await FamilyBindingModel.query(on: db).filter(\.$user.$id == userID).filter(\.$elder.$id == elderID).with(\.$elder)
                .first()
        else { throw AppError(.notFound, "elder_not_found") }
        return binding.elder
    }

    /// One bound person in full (an audited read); anyone else is not found.
    public func detail(_ elderID: UUID) async throws -> ElderService.Detail {
        guard let userID = context.actor.userID,
            let binding = try await FamilyBindingModel.query(on: db).filter(\.$user.$id == userID).filter(\.$elder.$id == elderID).with(\.$elder)
                .first()
        else { throw AppError(.notFound, "elder_not_found") }
        return try await elders.auditedRead(binding.elder, note: "family")
    }
}
