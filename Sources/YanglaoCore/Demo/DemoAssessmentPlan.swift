/// Ability assessments for the demo register, shaped like a real city's: everyone the
/// register lists as 失能 or 半失能 has the approved assessment that says so (重度 or 完全 for
/// 失能, 中度 for 半失能), and about one in twelve of the others was assessed when applying for
/// a service (能力完好 or 轻度). Dates spread over the last eighteen months, so about a third
/// are due again. Deterministic: the same person always gets the same assessment.
public struct DemoAssessmentPlan: Sendable {
    public struct Assessment: Sendable {
        public let assessedOn: CalendarDate
        public let answers: AssessmentAnswers
        public let result: AbilityAssessmentResult
        public let reason: AssessmentReason
    }

    public let today: CalendarDate
    public init(today: CalendarDate) { self.today = today }

    /// The assessment of `record`, or nil when the person was never assessed.
    public func assessment(of record: ElderRecord) -> Assessment? {
        var rng = SeededGenerator(seed: Self.seed(record.citizenID.value))
        let active = record.categories(on: today)
        let level: AbilityLevel
        if active.contains(.disabled) {
            level = Double.random(in: 0..<1, using: &rng) < 0.7 ? .severe : .complete
        } else if active.contains(.semiDisabled) {
            level = .moderate
        } else {
            guard Double.random(in: 0..<1, using: &rng) < 0.08 else { return nil }
            level = Double.random(in: 0..<1, using: &rng) < 0.35 ? .intact : .mild
        }
        let total = Int.random(in: level.totals, using: &rng)
        let answers = Self.answers(total: total)
        guard let result = try? AbilityScoring.evaluate(answers) else { return nil }
        let assessedOn = today.addingDays(-Int.random(in: 1...540, using: &rng))
        return Assessment(assessedOn: assessedOn, answers: answers, result: result, reason: Bool.random(using: &rng) ? .first : .regular)
    }

    /// Answers adding up to `total`: every item at its best, lowered item by item.
    public static func answers(total: Int) -> AssessmentAnswers {
        var scores: [String: Int] = [:]
        var toLose = AbilityScale.gbt42195.maximum - total
        for item in AbilityScale.gbt42195.items {
            var score = item.maximum
            while toLose > 0 && score > 0 && item.option(scoring: score - 1) != nil {
                score -= 1
                toLose -= 1
            }
            scores[item.code] = score
        }
        return AssessmentAnswers(scores)
    }

    /// FNV-1a of the ID number: a stable seed (Swift's Hasher changes per process).
    static func seed(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
