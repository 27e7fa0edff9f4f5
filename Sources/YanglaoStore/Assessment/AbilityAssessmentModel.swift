import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// One ability assessment of a person (GB/T 42195-2022): the Annex A facts the rules read,
/// the item answers, and once submitted the scored result with its reasons. Answers, facts
/// and result are JSON; what lists and rules query (status, level, dates) has columns.
public final class AbilityAssessmentModel: Model, @unchecked Sendable {
    public static let schema = "ability_assessments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "elder_id") public var elder: ElderModel
    @Field(key: "standard") public var standard: String
    @Field(key: "reason") public var reason: String
    @Field(key: "assessed_on") public var assessedOn: String
    @Field(key: "status") public var status: String
    @OptionalField(key: "assessor_id") public var assessorID: UUID?
    @Field(key: "assessor_name") public var assessorName: String
    @Field(key: "answers") public var answersJSON: String
    @Field(key: "facts") public var factsJSON: String
    @OptionalField(key: "result") public var resultJSON: String?
    @OptionalField(key: "total") public var total: Int?
    @OptionalField(key: "initial_level") public var initialLevel: Int?
    @OptionalField(key: "final_level") public var finalLevel: Int?
    @OptionalField(key: "reviewer_id") public var reviewerID: UUID?
    @OptionalField(key: "reviewer_name") public var reviewerName: String?
    @OptionalField(key: "reviewed_at") public var reviewedAt: Date?
    @OptionalField(key: "review_note") public var reviewNote: String?
    @OptionalField(key: "next_due") public var nextDue: String?
    /// The person's approved result in force: the approved one assessed last.
    @Field(key: "current") public var current: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var statusValue: AssessmentStatus { AssessmentStatus(rawValue: status) ?? .draft }
    public var reasonValue: AssessmentReason { AssessmentReason(rawValue: reason) ?? .other }
    public var assessedDay: CalendarDate { CalendarDate(assessedOn)! }

    public var answers: AssessmentAnswers {
        get { (try? JSONDecoder().decode(AssessmentAnswers.self, from: Data(answersJSON.utf8))) ?? AssessmentAnswers() }
        set { answersJSON = JSONColumn.encode(newValue) }
    }

    public var facts: LevelChangeFacts {
        get { (try? JSONDecoder().decode(LevelChangeFacts.self, from: Data(factsJSON.utf8))) ?? .none }
        set { factsJSON = JSONColumn.encode(newValue) }
    }

    public var result: AbilityAssessmentResult? {
        get { resultJSON.flatMap { try? JSONDecoder().decode(AbilityAssessmentResult.self, from: Data($0.utf8)) } }
        set {
            resultJSON = newValue.map { JSONColumn.encode($0) }
            total = newValue?.total
            initialLevel = newValue?.initialLevel.rawValue
            finalLevel = newValue?.finalLevel.rawValue
        }
    }
}

struct CreateAbilityAssessments: TableMigration {
    let tables = [AbilityAssessmentModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(AbilityAssessmentModel.schema)
            .id()
            .field("elder_id", .uuid, .required, .references(ElderModel.schema, "id", onDelete: .cascade))
            .field("standard", .string, .required)
            .field("reason", .string, .required)
            .field("assessed_on", .string, .required)
            .field("status", .string, .required)
            .field("assessor_id", .uuid)
            .field("assessor_name", .string, .required)
            .field("answers", .string, .required)
            .field("facts", .string, .required)
            .field("result", .string)
            .field("total", .int)
            .field("initial_level", .int)
            .field("final_level", .int)
            .field("reviewer_id", .uuid)
            .field("reviewer_name", .string)
            .field("reviewed_at", .datetime)
            .field("review_note", .string)
            .field("next_due", .string)
            .field("current", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.index(on: AbilityAssessmentModel.schema, named: "ability_assessments_elder", columns: ["elder_id", "assessed_on"])
        try await database.index(on: AbilityAssessmentModel.schema, named: "ability_assessments_due", columns: ["current", "next_due"])
        try await database.index(on: AbilityAssessmentModel.schema, named: "ability_assessments_status", columns: ["status", "assessed_on"])
    }
}
