import Fluent
import Foundation
import YanglaoCore

/// A region's subsidy configuration: its schemes as JSON. The nearest configured level
/// above a place applies to it.
public final class SubsidyConfigModel: Model, @unchecked Sendable {
    public static let schema = "subsidy_configs"

    @ID(key: .id) public var id: UUID?
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "schemes") public var schemesJSON: String
    @Field(key: "note") public var note: String
    @Field(key: "updated_by") public var updatedBy: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var schemes: [SubsidyScheme] {
        get { (try? JSONDecoder().decode([SubsidyScheme].self, from: Data(schemesJSON.utf8))) ?? [] }
        set { schemesJSON = JSONColumn.encode(newValue) }
    }
}

/// One month's subsidy run for a region: computed (and recomputed while the facts change),
/// then approved by the county and locked.
public final class SubsidyRunModel: Model, @unchecked Sendable {
    public static let schema = "subsidy_runs"

    @ID(key: .id) public var id: UUID?
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "month") public var month: String
    @Field(key: "status") public var status: String
    @Field(key: "line_count") public var lineCount: Int
    @Field(key: "total_fen") public var totalFen: Int
    @Field(key: "computed_by") public var computedBy: String
    @Field(key: "computed_at") public var computedAt: Date
    @Field(key: "computations") public var computations: Int
    @OptionalField(key: "approved_by") public var approvedBy: String?
    @OptionalField(key: "approved_at") public var approvedAt: Date?

    public init() {}

    public enum Status: String, Sendable { case computed, approved }
    public var statusValue: Status { Status(rawValue: status) ?? .computed }
    public var region: RegionCode { RegionCode(validated: regionCode) }
}

/// One payment of a run.
public final class SubsidyLineModel: Model, RegionOwned, @unchecked Sendable {
    public static let regionField: FieldKey = "region_code"
    public static let schema = "subsidy_lines"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "run_id") public var run: SubsidyRunModel
    @Field(key: "scheme") public var scheme: String
    @Field(key: "elder_id") public var elderID: UUID
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "payee") public var payee: String
    @Field(key: "fen") public var fen: Int
    @Field(key: "form") public var form: String
    @Field(key: "explanation") public var explanation: String

    public init() {}

    var line: SubsidyLine {
        SubsidyLine(
            scheme: scheme, subjectKey: elderID.uuidString, region: regionCode, fen: fen, form: PaymentForm(rawValue: form) ?? .cash,
            explanation: explanation)
    }
}

/// A change a computation found: against the previous month, or against the run's own last computation.
public final class SubsidyChangeModel: Model, @unchecked Sendable {
    public static let schema = "subsidy_changes"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "run_id") public var run: SubsidyRunModel
    /// `previous_month` or `recomputation`.
    @Field(key: "versus") public var versus: String
    @Field(key: "computation") public var computation: Int
    @Field(key: "kind") public var kind: String
    @Field(key: "scheme") public var scheme: String
    @Field(key: "elder_id") public var elderID: UUID
    @Field(key: "payee") public var payee: String
    @OptionalField(key: "before_fen") public var beforeFen: Int?
    @OptionalField(key: "after_fen") public var afterFen: Int?
    @Field(key: "reason") public var reason: String

    public init() {}
}

struct CreateSubsidies: TableMigration {
    let tables = [SubsidyConfigModel.schema, SubsidyRunModel.schema, SubsidyLineModel.schema, SubsidyChangeModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(SubsidyConfigModel.schema)
            .id()
            .field("region_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("schemes", .string, .required)
            .field("note", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "region_code")
            .create()
        try await database.schema(SubsidyRunModel.schema)
            .id()
            .field("region_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("month", .string, .required)
            .field("status", .string, .required)
            .field("line_count", .int, .required)
            .field("total_fen", .int, .required)
            .field("computed_by", .string, .required)
            .field("computed_at", .datetime, .required)
            .field("computations", .int, .required)
            .field("approved_by", .string)
            .field("approved_at", .datetime)
            .unique(on: "region_code", "month")
            .create()
        try await database.schema(SubsidyLineModel.schema)
            .id()
            .field("run_id", .uuid, .required, .references(SubsidyRunModel.schema, "id", onDelete: .cascade))
            .field("scheme", .string, .required)
            .field("elder_id", .uuid, .required)
            .field("region_code", .string, .required)
            .field("payee", .string, .required)
            .field("fen", .int, .required)
            .field("form", .string, .required)
            .field("explanation", .string, .required)
            .unique(on: "run_id", "scheme", "elder_id")
            .create()
        try await database.schema(SubsidyChangeModel.schema)
            .id()
            .field("run_id", .uuid, .required, .references(SubsidyRunModel.schema, "id", onDelete: .cascade))
            .field("versus", .string, .required)
            .field("computation", .int, .required)
            .field("kind", .string, .required)
            .field("scheme", .string, .required)
            .field("elder_id", .uuid, .required)
            .field("payee", .string, .required)
            .field("before_fen", .int)
            .field("after_fen", .int)
            .field("reason", .string, .required)
            .create()
        try await database.index(on: SubsidyLineModel.schema, named: "subsidy_lines_region", columns: ["run_id", "region_code", "scheme"])
        try await database.index(on: SubsidyChangeModel.schema, named: "subsidy_changes_run", columns: ["run_id", "versus", "computation"])
    }
}
