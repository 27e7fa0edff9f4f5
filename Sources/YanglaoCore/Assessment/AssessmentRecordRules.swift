/// A.1.3 评估原因.
public enum AssessmentReason: String, Sendable, Codable, CaseIterable {
    case first, regular, immediate, review, other

    public var chineseName: String {
        switch self {
        case .first: "首次评估"
        case .regular: "常规评估"
        case .immediate: "即时评估"
        case .review: "因评估结果有疑问进行的复评"
        case .other: "其他"
        }
    }

    public var englishName: String {
        switch self {
        case .first: "First assessment"
        case .regular: "Regular reassessment"
        case .immediate: "Immediate assessment (after an event)"
        case .review: "Review of a disputed result"
        case .other: "Other"
        }
    }
}

/// Where an assessment record stands: the assessor fills in a draft (saved and resumed as
/// often as needed), submits it (the answers are then complete and scored), and a township
/// or county reviewer approves it or returns it to the assessor as a draft with a note.
/// Only an approved result counts: it is the person's level for every department in the
/// city (全市互认) until the next approved one.
public enum AssessmentStatus: String, Sendable, Codable, CaseIterable {
    case draft, submitted, approved

    public func canMove(to next: AssessmentStatus) -> Bool {
        AssessmentLifecycle.table.table[self]?.values.contains(next) ?? false
    }
}

/// What moves an assessment record: the assessor saves a draft and submits it; a reviewer
/// approves it or returns it.
public enum AssessmentEvent: String, Sendable, Codable, CaseIterable {
    case save, submit, approve
    case returnToAssessor = "return"
}

/// The assessment record's lifecycle as one table.
public enum AssessmentLifecycle {
    public static let table = Lifecycle<AssessmentStatus, AssessmentEvent>([
        .draft: [.save: .draft, .submit: .submitted],
        .submitted: [.approve: .approved, .returnToAssessor: .draft],
    ])
}

/// When an approved result must be assessed again. The standard sets no period
/// (standards.md §11); the defaults follow common practice — once a year, and after an
/// 即时评估 (an event changed the person's condition) sooner, in six months — and a region
/// may change both.
public struct ReassessmentPolicy: Sendable, Hashable, Codable {
    public var regularMonths: Int
    public var afterImmediateMonths: Int

    public init(regularMonths: Int = 12, afterImmediateMonths: Int = 6) {
        self.regularMonths = max(1, regularMonths)
        self.afterImmediateMonths = max(1, min(afterImmediateMonths, regularMonths))
    }

    public static let standard = ReassessmentPolicy()

    /// The day the next assessment is due for a result assessed on `day` for `reason`.
    public func due(after day: CalendarDate, reason: AssessmentReason) -> CalendarDate {
        day.addingMonths(reason == .immediate ? afterImmediateMonths : regularMonths)
    }
}

extension AssessmentAnswers {
    /// What is wrong with a draft's answers so far: unknown items and scores no option has.
    /// Unanswered items are fine in a draft; `problems(on:)` names them at submission.
    public func draftProblems(on scale: AbilityScale = .gbt42195) -> [AppError] {
        problems(on: scale).filter { $0.code != "assessment_item_missing" }
    }
}
