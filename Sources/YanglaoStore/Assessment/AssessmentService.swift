import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// What an assessor has filled in so far; nil fields are left as they were.
public struct AssessmentDraft: Sendable {
    public var reason: String?
    public var assessedOn: String?
    public var answers: [String: Int]?
    public var coma: Bool?
    public var diagnoses: [String]?
    public var careRiskEvents: CareRiskEvents?

    public init(
        reason: String? = nil, assessedOn: String? = nil, answers: [String: Int]? = nil, coma: Bool? = nil,
        diagnoses: [String]? = nil, careRiskEvents: CareRiskEvents? = nil
    ) {
        self.reason = reason
        self.assessedOn = assessedOn
        self.answers = answers
        self.coma = coma
        self.diagnoses = diagnoses
        self.careRiskEvents = careRiskEvents
    }
}

/// 能力评估: assessment records of the people in the actor's region, from draft to approval.
/// Access goes through the person: whoever cannot reach the person cannot reach their
/// assessments (and is told "not found", as for the person).
public struct AssessmentService: Sendable {
    public let context: StoreContext
    /// The register, read as this context's actor.
    var register: ElderService { ElderService(context) }
    public var policy: ReassessmentPolicy = .standard
    public var settings: LevelChangeSettings = .standard
    public var mapping: DisabilityCategoryMapping = .standard
    /// Where category changes made by an approval say they came from.
    static let categorySource = "能力评估"

    public init(_ context: StoreContext) { self.context = context }

    public var actor: Actor { context.actor }
    var db: any Database { context.scoped.database }
    public var today: CalendarDate { context.today }

    // MARK: Reading

    /// The record `id`, if its person is in the actor's region.
    public func record(_ id: UUID) async throws -> (record: AbilityAssessmentModel, person: ElderModel) {
        try register.requireRead()
        guard let record = try await AbilityAssessmentModel.find(id, on: db),
            let person = try await context.scoped.find(ElderModel.self, id: record.$elder.id)
        else {
            throw AppError(.notFound, "assessment_not_found")
        }
        return (record, person)
    }

    /// The record `id` read in full (its diagnoses make it personal): the read is audited
    /// under `action` (`assessment.read`, `assessment.report`).
    public func auditedRecord(_ id: UUID, action: String = "assessment.read") async throws -> (record: AbilityAssessmentModel, person: ElderModel) {
        let (record, person) = try await record(id)
        try await logRead(of: record, person: person, action: action)
        return (record, person)
    }

    public func logRead(of record: AbilityAssessmentModel, person: ElderModel, action: String) async throws {
        try await AuditLog.record(
            on: db, actor: actor, action: action, recordType: "assessment", recordID: record.id?.uuidString, region: person.region)
    }

    /// Every assessment of a person, the latest first.
    public func history(of elderID: UUID) async throws -> [AbilityAssessmentModel] {
        try register.requireRead()
        _ = try await register.model(elderID)
        return try await AbilityAssessmentModel.query(on: db).filter(\.$elder.$id == elderID)
            .sort(\.$assessedOn, .descending).sort(\.$createdAt, .descending).all()
    }

    /// The person's approved result in force, if any.
    public func current(of elderID: UUID) async throws -> AbilityAssessmentModel? {
        try await history(of: elderID).first { $0.current }
    }

    // MARK: The assessor's work

    /// Opens a draft for a person in the register.
    public func start(elderID: UUID, reason: AssessmentReason, on day: CalendarDate? = nil) async throws -> AbilityAssessmentModel {
        try requireAssessor()
        let person = try await register.model(elderID)
        guard person.statusValue == .active else {
            throw AppError(.conflict, "assessment_person_not_active", field: "elderId", ["status": person.status])
        }
        let day = day ?? today
        guard day <= today else { throw AppError(.invalidInput, "assessment_date_future", field: "assessedOn", ["value": day.description]) }
        let record = AbilityAssessmentModel()
        record.$elder.id = try person.requireID()
        record.standard = AbilityScale.gbt42195.standard
        record.reason = reason.rawValue
        record.assessedOn = day.description
        record.status = AssessmentStatus.draft.rawValue
        record.assessorID = actor.userID
        record.assessorName = actor.username
        record.answers = AssessmentAnswers()
        record.facts = .none
        record.current = false
        try await db.transaction { db in
            try await record.create(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "assessment.start", recordType: "assessment",
                recordID: record.id?.uuidString, region: person.region, detail: reason.rawValue)
        }
        return record
    }

    /// Saves what the assessor has filled in. Incomplete answers are fine; an unknown item,
    /// a score no option has or a malformed diagnosis code is rejected, each named.
    public func save(_ id: UUID, _ draft: AssessmentDraft) async throws -> AbilityAssessmentModel {
        try requireAssessor()
        let (record, _) = try await record(id)
        try require(.save, on: record)
        var problems: [AppError] = []
        if let text = draft.reason {
            if let reason = AssessmentReason(rawValue: text) {
                record.reason = reason.rawValue
            } else {
                problems.append(AppError(.invalidInput, "assessment_reason_invalid", field: "reason", ["value": text]))
            }
        }
        if let text = draft.assessedOn {
            if let day = CalendarDate(text), day <= today {
                record.assessedOn = day.description
            } else {
                problems.append(
                    AppError(
                        .invalidInput, CalendarDate(text) == nil ? "date_invalid" : "assessment_date_future",
                        field: "assessedOn", ["value": text]))
            }
        }
        if let scores = draft.answers {
            var answers = record.answers
            for (code, score) in scores { answers[code] = score }
            problems += answers.draftProblems()
            record.answers = answers
        }
        var facts = record.facts
        if let coma = draft.coma { facts.coma = coma }
        if let events = draft.careRiskEvents { facts.careRiskEvents = events }
        if let texts = draft.diagnoses {
            let parsed = LevelChangeFacts.diagnoses(from: texts)
            problems += parsed.problems
            facts.diagnoses = parsed.codes
        }
        record.facts = facts
        guard problems.isEmpty else { throw AppError(invalid: problems) }
        try await record.update(on: db)
        return record
    }

    /// Submits a complete draft: it is scored now (GB/T 42195 with the C.4 rules) and waits
    /// for review. Every missing or wrong answer is named.
    public func submit(_ id: UUID) async throws -> AbilityAssessmentModel {
        try requireAssessor()
        let (record, person) = try await record(id)
        let next = try require(.submit, on: record)
        record.result = try AbilityScoring.evaluate(record.answers, facts: record.facts, settings: settings)
        record.status = next.rawValue
        try await db.transaction { db in
            try await record.update(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "assessment.submit", recordType: "assessment",
                recordID: id.uuidString, region: person.region, detail: "final=\(record.finalLevel ?? -1)")
        }
        return record
    }

    // MARK: Review

    /// Approves a submitted result. The latest approved result of a person is in force:
    /// it sets the next due date and the person's 失能/半失能 categories.
    public func approve(_ id: UUID, note: String? = nil) async throws -> AbilityAssessmentModel {
        let (record, person, next) = try await reviewable(id, for: .approve)
        guard let result = record.result else { throw AppError(.conflict, "assessment_status", field: "status", ["status": record.status]) }
        record.status = next.rawValue
        record.reviewerID = actor.userID
        record.reviewerName = actor.username
        record.reviewedAt = Date()
        record.reviewNote = Self.trimmed(note)
        record.nextDue = policy.due(after: record.assessedDay, reason: record.reasonValue).description
        try await db.transaction { db in
            let approved = try await AbilityAssessmentModel.query(on: db).filter(\.$elder.$id == person.requireID())
                .filter(\.$status == AssessmentStatus.approved.rawValue).filter(\.$id != id).all()
            let newer = approved.contains { $0.assessedOn > record.assessedOn }
            var applied: [String] = []
            if !newer {
                for other in approved where other.current {
                    other.current = false
                    try await other.update(on: db)
                }
                record.current = true
                let given = result.finalLevel.registerCategories(mapping)
                for category in DisabilityCategoryMapping.assessedCategories {
                    let change =
                        given.contains(category)
                        ? try await CategoryChanges.start(category, since: record.assessedDay, source: Self.categorySource, of: person, on: db)
                        : try await CategoryChanges.end(category, until: record.assessedDay, of: person, on: db)
                    if let change { applied.append(change) }
                }
            }
            try await record.update(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "assessment.approve", recordType: "assessment", recordID: id.uuidString,
                region: person.region, detail: (["final=\(result.finalLevel.rawValue)"] + applied).joined(separator: " "))
        }
        return record
    }

    /// Returns a submitted result to the assessor as a draft; the note says what to fix.
    public func returnToAssessor(_ id: UUID, note: String) async throws -> AbilityAssessmentModel {
        guard let note = Self.trimmed(note) else { throw AppError(.invalidInput, "required", field: "note") }
        let (record, person, next) = try await reviewable(id, for: .returnToAssessor)
        record.status = next.rawValue
        record.result = nil
        record.reviewerID = actor.userID
        record.reviewerName = actor.username
        record.reviewedAt = Date()
        record.reviewNote = note
        try await db.transaction { db in
            try await record.update(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "assessment.return", recordType: "assessment",
                recordID: id.uuidString, region: person.region, detail: note)
        }
        return record
    }

    // MARK: Rules of access

    func requireAssessor() throws {
        guard actor.role.canAssess else { throw AppError(.forbidden, "assessment_forbidden") }
    }

    /// The status `event` moves the record to (`AssessmentLifecycle`), or a conflict naming where it stands.
    @discardableResult
    func require(_ event: AssessmentEvent, on record: AbilityAssessmentModel) throws -> AssessmentStatus {
        guard let next = AssessmentLifecycle.table.next(after: event, from: record.statusValue) else {
            throw AppError(.conflict, "assessment_status", field: "status", ["status": record.status])
        }
        return next
    }

    /// A submitted record the actor may review (a reviewer role, and not their own work), with
    /// the status `event` moves it to.
    func reviewable(_ id: UUID, for event: AssessmentEvent) async throws -> (AbilityAssessmentModel, ElderModel, AssessmentStatus) {
        guard actor.role.canReviewAssessments else { throw AppError(.forbidden, "assessment_review_forbidden") }
        let (record, person) = try await record(id)
        let next = try require(event, on: record)
        if let assessor = record.assessorID, assessor == actor.userID { throw AppError(.forbidden, "assessment_self_review") }
        return (record, person, next)
    }

    static func trimmed(_ note: String?) -> String? {
        guard let text = note?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return String(text.prefix(500))
    }
}
