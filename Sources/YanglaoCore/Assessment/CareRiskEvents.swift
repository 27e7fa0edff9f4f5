/// A.2.14 近30天内照护风险事件: how often each kind of event happened in the 30 days
/// before the assessment, as the form records it (无 / 1次 / 2次 / 3次及以上).
public struct CareRiskEvents: Sendable, Hashable, Codable {
    public var fall: CareRiskFrequency  // A.2.14.1 跌倒
    public var wanderingOff: CareRiskFrequency  // A.2.14.2 走失
    public var choking: CareRiskFrequency  // A.2.14.3 噎食
    public var suicideOrSelfHarm: CareRiskFrequency  // A.2.14.4 自杀、自伤
    public var other: CareRiskFrequency  // A.2.14.5 其他

    public init(
        fall: CareRiskFrequency = .none, wanderingOff: CareRiskFrequency = .none, choking: CareRiskFrequency = .none,
        suicideOrSelfHarm: CareRiskFrequency = .none, other: CareRiskFrequency = .none
    ) {
        self.fall = fall
        self.wanderingOff = wanderingOff
        self.choking = choking
        self.suicideOrSelfHarm = suicideOrSelfHarm
        self.other = other
    }

    public static let none = CareRiskEvents()

    public subscript(kind: CareRiskEventKind) -> CareRiskFrequency {
        get {
            switch kind {
            case .fall: fall
            case .wanderingOff: wanderingOff
            case .choking: choking
            case .suicideOrSelfHarm: suicideOrSelfHarm
            case .other: other
            }
        }
        set {
            switch kind {
            case .fall: fall = newValue
            case .wanderingOff: wanderingOff = newValue
            case .choking: choking = newValue
            case .suicideOrSelfHarm: suicideOrSelfHarm = newValue
            case .other: other = newValue
            }
        }
    }

    /// The events of all kinds together, counting "3次及以上" as 3.
    public var total: Int { CareRiskEventKind.allCases.reduce(0) { $0 + self[$1].rawValue } }

    /// The most frequent kind's count.
    public var mostOfOneKind: Int { CareRiskEventKind.allCases.map { self[$0].rawValue }.max() ?? 0 }

    /// The kinds that happened, in the form's order.
    public var occurred: [CareRiskEventKind] { CareRiskEventKind.allCases.filter { self[$0] != .none } }
}

/// The kinds of event A.2.14 asks about.
public enum CareRiskEventKind: String, Sendable, Codable, CaseIterable {
    case fall
    case wanderingOff = "wandering_off"
    case choking
    case suicideOrSelfHarm = "suicide_or_self_harm"
    case other

    /// The form's number, `A.2.14.1` … `A.2.14.5`.
    public var code: String { "A.2.14.\(Self.allCases.firstIndex(of: self)! + 1)" }

    public var chineseName: String {
        switch self {
        case .fall: "跌倒"
        case .wanderingOff: "走失"
        case .choking: "噎食"
        case .suicideOrSelfHarm: "自杀、自伤"
        case .other: "其他"
        }
    }

    public var englishName: String {
        switch self {
        case .fall: "fall"
        case .wanderingOff: "wandering off"
        case .choking: "choking"
        case .suicideOrSelfHarm: "suicide or self-harm"
        case .other: "other"
        }
    }
}

/// The answers A.2.14 offers for each kind of event; the raw value is the count, 3 standing
/// for "3 or more".
public enum CareRiskFrequency: Int, Sendable, Codable, CaseIterable {
    case none = 0
    case once = 1
    case twice = 2
    case threeOrMore = 3

    /// From a count of events: 0, 1, 2, and 3 or more; nil when negative.
    public init?(count: Int) {
        guard count >= 0 else { return nil }
        self.init(rawValue: min(count, 3))
    }

    public var chineseName: String {
        switch self {
        case .none: "无"
        case .once: "发生过1次"
        case .twice: "发生过2次"
        case .threeOrMore: "发生过3次及以上"
        }
    }
}
