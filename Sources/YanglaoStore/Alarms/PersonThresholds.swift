import Fluent
import Foundation
import YanglaoCore

/// 体征报警阈值: a person's own limits for readings, which every device of theirs is judged by.
/// A person without a row has the defaults of `ReadingThresholds`.
public final class PersonThresholdsModel: Model, @unchecked Sendable {
    public static let schema = "person_thresholds"

    @ID(key: .id) public var id: UUID?
    @Field(key: "elder_id") public var elderID: UUID
    @Field(key: "thresholds") public var thresholdsJSON: String
    @Field(key: "set_by") public var setBy: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}

struct CreatePersonThresholds: TableMigration {
    let tables = [PersonThresholdsModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(PersonThresholdsModel.schema)
            .id()
            .field("elder_id", .uuid, .required, .references(ElderModel.schema, "id"))
            .field("thresholds", .string, .required)
            .field("set_by", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "elder_id")
            .create()
    }
}

extension DeviceService {
    /// The person's limits (the defaults when none were set); the person must be in the actor's region.
    public func thresholds(for elderID: UUID) async throws -> ReadingThresholds {
        guard actor.role.canManageDevices || actor.role.canHandleAlarms else { throw AppError(.forbidden, "device_forbidden") }
        _ = try await register.model(elderID)
        let row = try await PersonThresholdsModel.query(on: db).filter(\.$elderID == elderID).first()
        return row.flatMap { JSONColumn.decode($0.thresholdsJSON) } ?? ReadingThresholds()
    }

    /// Sets the person's limits, checked first; every device of theirs is judged by them from now on.
    public func setThresholds(_ limits: ReadingThresholds, for elderID: UUID) async throws -> ReadingThresholds {
        guard actor.role.canManageDevices else { throw AppError(.forbidden, "device_forbidden") }
        let problems = limits.problems()
        guard problems.isEmpty else { throw AppError(invalid: problems) }
        let person = try await register.model(elderID)
        let actor = actor
        try await db.transaction { db in
            let row = try await PersonThresholdsModel.query(on: db).filter(\.$elderID == elderID).first() ?? PersonThresholdsModel()
            row.elderID = elderID
            row.thresholdsJSON = JSONColumn.encode(limits)
            row.setBy = actor.username
            try await row.save(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "person.thresholds", recordType: "elder", recordID: elderID.uuidString,
                region: person.region, detail: JSONColumn.encode(limits))
        }
        return limits
    }
}
