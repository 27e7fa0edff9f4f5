/// 老年人能力评估结果: what Annex C reports, C.1 to C.5.
public struct AbilityAssessmentResult: Sendable, Hashable, Codable {
    /// One dimension's score (C.1 一级指标分级).
    public struct Subtotal: Sendable, Hashable, Codable {
        public let dimension: AbilityDimension
        public let score: Int
        public let maximum: Int
    }

    /// The scale's standard, e.g. `GB/T 42195-2022`.
    public let standard: String
    /// C.1, in the standard's order.
    public let subtotals: [Subtotal]
    /// C.2 初步等级得分, 0–90.
    public let total: Int
    /// C.3 老年人能力初步等级, from the total alone.
    public let initialLevel: AbilityLevel
    /// C.4 能力等级变更依据: every rule that held and what it did.
    public let reasons: [LevelChangeReason]
    /// C.5 老年人能力最终等级.
    public let finalLevel: AbilityLevel
    /// The settings the change rules were read with.
    public let settings: LevelChangeSettings

    public func subtotal(_ dimension: AbilityDimension) -> Int {
        subtotals.first { $0.dimension == dimension }?.score ?? 0
    }
}

/// 评分: answers and Annex A facts to a result, as pure functions.
public enum AbilityScoring {
    /// Every reason `answers` and `facts` cannot be scored: the answers' problems (missing
    /// items, scores no option has, unknown items), and a coma (A.5.11) recorded while
    /// B.3.9 意识水平 says the person is awake or drowsy.
    public static func problems(_ answers: AssessmentAnswers, facts: LevelChangeFacts) -> [AppError] {
        var problems = answers.problems(on: .gbt42195)
        if facts.coma, let consciousness = answers["B.3.9"], consciousness != 0 {
            problems.append(AppError(.invalidInput, "assessment_coma_conflict", field: "coma", ["value": String(consciousness)]))
        }
        return problems
    }

    /// Scores complete answers on GB/T 42195: subtotals, total, initial level, then the C.4 change rules.
    /// Throws one `AppError` carrying every problem when there are any.
    public static func evaluate(
        _ answers: AssessmentAnswers, facts: LevelChangeFacts = .none,
        settings: LevelChangeSettings = .standard
    ) throws(AppError) -> AbilityAssessmentResult {
        let scale = AbilityScale.gbt42195
        let problems = problems(answers, facts: facts)
        guard problems.isEmpty else { throw AppError(invalid: problems) }
        let subtotals = AbilityDimension.allCases.map { dimension in
            AbilityAssessmentResult.Subtotal(
                dimension: dimension, score: answers.runningSubtotal(of: dimension, on: scale),
                maximum: scale.maximum(of: dimension))
        }
        let total = subtotals.reduce(0) { $0 + $1.score }
        // Complete, valid answers on GB/T 42195 add up to 0...90, which C.3 covers.
        let initial = AbilityLevel(total: total)!
        let change = applyChangeRules(to: initial, facts: facts, settings: settings)
        return AbilityAssessmentResult(
            standard: scale.standard, subtotals: subtotals, total: total, initialLevel: initial,
            reasons: change.reasons, finalLevel: change.level, settings: settings)
    }

    /// C.4: the final level from the initial level and the facts.
    ///
    /// 1. Coma sets the level to `settings.comaLevel` (完全失能) and the other rules are
    ///    not counted (listed as superseded). A level already worse stays.
    /// 2. A diagnosis in F00–F99 moves one step worse.
    /// 3. Two or more care-risk events in the last 30 days (counted per
    ///    `settings.riskEventCounting`) move one step worse.
    /// When 2 and 3 both hold, `settings.stacking` decides: one step in all, or one each.
    /// Never beyond 完全失能.
    public static func applyChangeRules(
        to initial: AbilityLevel, facts: LevelChangeFacts,
        settings: LevelChangeSettings = .standard
    ) -> (level: AbilityLevel, reasons: [LevelChangeReason]) {
        let diagnoses = facts.mentalDisorderDiagnoses
        let events = facts.careRiskEvents
        let eventCount = settings.riskEventCounting == .allKinds ? events.total : events.mostOfOneKind
        var worseningRules: [(LevelChangeRule, [ICD10Code], CareRiskEvents?)] = []
        if !diagnoses.isEmpty { worseningRules.append((.mentalDisorder, diagnoses, nil)) }
        if eventCount >= 2 { worseningRules.append((.careRiskEvents, [], events)) }

        var reasons: [LevelChangeReason] = []
        var level = initial
        if facts.coma {
            let target = max(initial, settings.comaLevel)
            reasons.append(LevelChangeReason(rule: .coma, from: initial, to: target, effect: target == initial ? .capped : .applied))
            level = target
            for (rule, codes, events) in worseningRules {
                reasons.append(
                    LevelChangeReason(
                        rule: rule, from: level, to: level, effect: .supersededByComa,
                        diagnoses: codes, careRiskEvents: events))
            }
            return (level, reasons)
        }
        for (index, (rule, codes, events)) in worseningRules.enumerated() {
            let before = level
            let effect: LevelChangeReason.Effect
            if index > 0 && settings.stacking == .oneStep {
                effect = .sharedStep
            } else if level == .complete {
                effect = .capped
            } else {
                level = level.worsened()
                effect = .applied
            }
            reasons.append(LevelChangeReason(rule: rule, from: before, to: level, effect: effect, diagnoses: codes, careRiskEvents: events))
        }
        return (level, reasons)
    }
}
