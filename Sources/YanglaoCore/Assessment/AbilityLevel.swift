/// 能力等级 (GB/T 42195-2022 Annex C): five levels, from the total score and then the C.4
/// change rules. The raw value is the standard's level code, 0 (best) to 4 (worst).
public enum AbilityLevel: Int, Sendable, Codable, CaseIterable, Comparable {
    case intact = 0  // 能力完好, total 90
    case mild = 1  // 能力轻度受损（轻度失能）, 66–89
    case moderate = 2  // 能力中度受损（中度失能）, 46–65
    case severe = 3  // 能力重度受损（重度失能）, 30–45
    case complete = 4  // 能力完全丧失（完全失能）, 0–29

    /// C.3 老年人能力初步等级: the level of a total score (0–90); nil outside that range.
    public init?(total: Int) {
        switch total {
        case 90: self = .intact
        case 66...89: self = .mild
        case 46...65: self = .moderate
        case 30...45: self = .severe
        case 0...29: self = .complete
        default: return nil
        }
    }

    /// The total scores of the level (C.3).
    public var totals: ClosedRange<Int> {
        switch self {
        case .intact: 90...90
        case .mild: 66...89
        case .moderate: 46...65
        case .severe: 30...45
        case .complete: 0...29
        }
    }

    /// The name in the standard, e.g. 能力中度受损（中度失能）.
    public var standardName: String {
        switch self {
        case .intact: "能力完好"
        case .mild: "能力轻度受损（轻度失能）"
        case .moderate: "能力中度受损（中度失能）"
        case .severe: "能力重度受损（重度失能）"
        case .complete: "能力完全丧失（完全失能）"
        }
    }

    /// The common short name, e.g. 中度失能.
    public var chineseName: String {
        switch self {
        case .intact: "能力完好"
        case .mild: "轻度失能"
        case .moderate: "中度失能"
        case .severe: "重度失能"
        case .complete: "完全失能"
        }
    }

    public var englishName: String {
        switch self {
        case .intact: "Intact ability"
        case .mild: "Mild disability"
        case .moderate: "Moderate disability"
        case .severe: "Severe disability"
        case .complete: "Complete disability"
        }
    }

    /// `steps` levels worse ("提高一个级别" in C.4 means one step worse), never beyond 完全失能.
    public func worsened(by steps: Int = 1) -> AbilityLevel {
        AbilityLevel(rawValue: min(rawValue + max(steps, 0), AbilityLevel.complete.rawValue))!
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
