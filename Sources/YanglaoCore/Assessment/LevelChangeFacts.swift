/// The Annex A facts that C.4 能力等级变更依据 reads: A.5.11 昏迷, A.4.1 疾病诊断 and
/// A.2.14 近30天内照护风险事件.
public struct LevelChangeFacts: Sendable, Hashable, Codable {
    /// A.5.11 昏迷 有. B.3.9's option 0 lumps 昏睡 and 昏迷 together, so the score alone
    /// cannot tell; this fact does. It requires B.3.9 = 0 (a person in a coma is not awake).
    public var coma: Bool
    /// A.4.1 疾病诊断, as ICD-10 codes. Diagnoses the form lists without a code (尿路感染,
    /// 截肢, 其他) play no part in the rules and need not be given.
    public var diagnoses: [ICD10Code]
    /// A.2.14 近30天内照护风险事件.
    public var careRiskEvents: CareRiskEvents

    public init(coma: Bool = false, diagnoses: [ICD10Code] = [], careRiskEvents: CareRiskEvents = .none) {
        self.coma = coma
        self.diagnoses = diagnoses
        self.careRiskEvents = careRiskEvents
    }

    public static let none = LevelChangeFacts()

    /// The diagnoses that rule 2 counts (F00–F99), in the order given, without repeats.
    public var mentalDisorderDiagnoses: [ICD10Code] {
        var seen = Set<ICD10Code>()
        return diagnoses.filter { $0.mentalDisorderClass != nil && seen.insert($0).inserted }
    }

    /// Parses A.4.1 codes as typed or imported, reporting each bad one under
    /// `diagnoses[i]`; the good ones are returned either way.
    public static func diagnoses(from texts: [String]) -> (codes: [ICD10Code], problems: [AppError]) {
        var codes: [ICD10Code] = []
        var problems: [AppError] = []
        for (i, text) in texts.enumerated() {
            do { codes.append(try ICD10Code(text)) } catch { problems.append(error.appError(field: "diagnoses[\(i)]")) }
        }
        return (codes, problems)
    }
}

/// How the change rules are read where the standard leaves room. The defaults follow
/// docs/assessment-rules.md; a region may change them, and each result keeps the settings
/// it was scored with.
public struct LevelChangeSettings: Sendable, Hashable, Codable {
    /// What happens when both rule 2 (diagnosis) and rule 3 (care-risk events) apply.
    ///
    /// C.4 words each rule on its own ("在原有能力级别上应提高一个级别" / "提高一个等级") and
    /// does not say whether they add up; the reference (standards.md §1.5, open questions)
    /// notes that the implementation it studied (S2) moves one step in total and
    /// recommends that as the configurable default. We follow it: `.oneStep` by default,
    /// because both rules measure the same thing (care need beyond what the score shows)
    /// and the standard never says they accumulate; `.perRule` gives two steps for a
    /// region that reads the rules as independent.
    public enum Stacking: String, Sendable, Codable, CaseIterable {
        /// Both rules together move the level one step.
        case oneStep = "one_step"
        /// Each rule moves the level one step (two in all), still never beyond 完全失能.
        case perRule = "per_rule"
    }

    /// How rule 3 counts "2次及以上照护风险事件".
    public enum RiskEventCounting: String, Sendable, Codable, CaseIterable {
        /// The sum over all kinds (a fall and a choking are two events). Default: the
        /// rule says "照护风险事件（如跌倒、噎食、自杀、自伤、走失等）" as one class.
        case allKinds = "all_kinds"
        /// Two or more of one kind.
        case sameKind = "same_kind"
    }

    public var stacking: Stacking
    /// The level a person in a coma is given. C.4 says 能力完全丧失（完全失能）; the note
    /// under B.3.9 says 重度失能 (a leftover of MZ/T 039). Default: C.4.
    public var comaLevel: AbilityLevel
    public var riskEventCounting: RiskEventCounting

    public init(stacking: Stacking = .oneStep, comaLevel: AbilityLevel = .complete, riskEventCounting: RiskEventCounting = .allKinds) {
        self.stacking = stacking
        self.comaLevel = comaLevel
        self.riskEventCounting = riskEventCounting
    }

    /// The defaults documented in docs/assessment-rules.md.
    public static let standard = LevelChangeSettings()
}
