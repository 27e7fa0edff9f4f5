/// 一级指标 of GB/T 42195-2022 (Annex B): the four dimensions an ability assessment scores.
/// The level follows from the total of all four; the standard has no per-dimension levels.
public enum AbilityDimension: String, Sendable, Codable, CaseIterable, Comparable {
    case selfCare = "self_care"  // B.1 自理能力
    case basicMobility = "basic_mobility"  // B.2 基础运动能力
    case mentalState = "mental_state"  // B.3 精神状态
    case perceptionAndSocial = "perception_social"  // B.4 感知觉与社会参与

    /// The standard's table number, `B.1` … `B.4`.
    public var code: String {
        switch self {
        case .selfCare: "B.1"
        case .basicMobility: "B.2"
        case .mentalState: "B.3"
        case .perceptionAndSocial: "B.4"
        }
    }

    /// The section of the report (Annex C.1) that shows this dimension's score.
    public var reportCode: String {
        switch self {
        case .selfCare: "C.1.1"
        case .basicMobility: "C.1.2"
        case .mentalState: "C.1.3"
        case .perceptionAndSocial: "C.1.4"
        }
    }

    public var chineseName: String {
        switch self {
        case .selfCare: "自理能力"
        case .basicMobility: "基础运动能力"
        case .mentalState: "精神状态"
        case .perceptionAndSocial: "感知觉与社会参与"
        }
    }

    public var englishName: String {
        switch self {
        case .selfCare: "Self-care"
        case .basicMobility: "Basic mobility"
        case .mentalState: "Mental state"
        case .perceptionAndSocial: "Perception and social participation"
        }
    }

    /// The maximum the standard states for the dimension. A test checks that the items'
    /// maxima add up to it (they are not four blocks of 0–4: some items are worth 1–3).
    public var maximum: Int {
        switch self {
        case .selfCare: 32
        case .basicMobility: 15
        case .mentalState: 28
        case .perceptionAndSocial: 15
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
