/// The three rules of C.4 能力等级变更依据, in the standard's order.
public enum LevelChangeRule: String, Sendable, Codable, CaseIterable {
    /// 1. 处于昏迷状态者，直接评定为能力完全丧失（完全失能）. From A.5.11.
    case coma
    /// 2. 确诊为痴呆（F00～F03）、精神科专科医生诊断的其他精神和行为障碍疾病（F04～F99）→ one level worse. From A.4.1.
    case mentalDisorder = "mental_disorder"
    /// 3. 近30天内发生过2次及以上照护风险事件 → one level worse. From A.2.14.
    case careRiskEvents = "care_risk_events"

    /// The Annex A item the rule reads.
    public var basis: String {
        switch self {
        case .coma: "A.5.11"
        case .mentalDisorder: "A.4.1"
        case .careRiskEvents: "A.2.14"
        }
    }

    /// The rule as C.4 words it.
    public var chineseText: String {
        switch self {
        case .coma: "处于昏迷状态者，直接评定为能力完全丧失（完全失能）"
        case .mentalDisorder: "确诊为痴呆（F00～F03）、精神科专科医生诊断的其他精神和行为障碍疾病（F04～F99），在原有能力级别上应提高一个级别"
        case .careRiskEvents: "近30天内发生过2次及以上照护风险事件（如跌倒、噎食、自杀、自伤、走失等），在原有能力级别上提高一个等级"
        }
    }

    public var englishText: String {
        switch self {
        case .coma: "A person in a coma is rated directly as complete loss of ability (complete disability)"
        case .mentalDisorder:
            "A diagnosis of dementia (F00–F03) or of another mental and behavioural disorder by a psychiatrist (F04–F99) raises the level by one"
        case .careRiskEvents:
            "Two or more care-risk events (fall, choking, suicide, self-harm, wandering off, etc.) in the last 30 days raise the level by one"
        }
    }
}

/// One C.4 rule whose condition held, and what it did to the level. Every rule that holds
/// is listed, in the standard's order, also when it moves nothing (then `from == to` and
/// `effect` says why), so the C.4 section of a report can be rebuilt from the result.
public struct LevelChangeReason: Sendable, Hashable, Codable {
    public enum Effect: String, Sendable, Codable {
        /// The rule moved the level (`from` → `to`).
        case applied
        /// Both rules 2 and 3 hold and the settings give one step for both: the earlier rule took it.
        case sharedStep = "shared_step"
        /// The level was already 完全失能 (or the coma level).
        case capped
        /// A coma decides the level directly; the other rules are not counted.
        case supersededByComa = "superseded_by_coma"
    }

    public let rule: LevelChangeRule
    public let from: AbilityLevel
    public let to: AbilityLevel
    public let effect: Effect
    /// The diagnoses that made rule 2 hold (empty for the other rules).
    public let diagnoses: [ICD10Code]
    /// The events that made rule 3 hold (nil for the other rules).
    public let careRiskEvents: CareRiskEvents?

    public init(
        rule: LevelChangeRule, from: AbilityLevel, to: AbilityLevel, effect: Effect,
        diagnoses: [ICD10Code] = [], careRiskEvents: CareRiskEvents? = nil
    ) {
        self.rule = rule
        self.from = from
        self.to = to
        self.effect = effect
        self.diagnoses = diagnoses
        self.careRiskEvents = careRiskEvents
    }

    /// The machine code of the rule, e.g. `mental_disorder`.
    public var code: String { rule.rawValue }

    /// The rule's wording, the facts that made it hold and what it did, e.g.
    /// "确诊为痴呆…提高一个级别。依据：F01.1。中度失能 → 重度失能".
    public var chineseText: String {
        var text = rule.chineseText + "。"
        if !diagnoses.isEmpty { text += "依据：" + diagnoses.map(\.value).joined(separator: "、") + "。" }
        if let events = careRiskEvents {
            text += "依据：" + events.occurred.map { "\($0.chineseName)\(events[$0].chineseName)" }.joined(separator: "、") + "。"
        }
        switch effect {
        case .applied: text += "\(from.chineseName) → \(to.chineseName)"
        case .sharedStep: text += "与上一条合计只提高一个级别"
        case .capped: text += "已是\(from.chineseName)，不再提高"
        case .supersededByComa: text += "昏迷者直接评定，本条不再计算"
        }
        return text
    }

    public var englishText: String {
        var text = rule.englishText + "."
        if !diagnoses.isEmpty { text += " Basis: " + diagnoses.map(\.value).joined(separator: ", ") + "." }
        if let events = careRiskEvents {
            text +=
                " Basis: "
                + events.occurred.map { "\($0.englishName) ×\(events[$0].rawValue)\(events[$0] == .threeOrMore ? "+" : "")" }
                .joined(separator: ", ") + "."
        }
        switch effect {
        case .applied: text += " \(from.englishName) → \(to.englishName)"
        case .sharedStep: text += " Counted together with the previous rule as one step"
        case .capped: text += " Already \(from.englishName); no further change"
        case .supersededByComa: text += " The coma rule decides the level; this rule is not counted"
        }
        return text
    }
}
