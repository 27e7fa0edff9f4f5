/// 人员类别: why a person is in a target group. A person has many, each with since/until
/// and a source. 高龄 is not stored: it follows from the birth date.
public enum ElderCategory: String, Sendable, Codable, CaseIterable {
    case extremePoverty = "extreme_poverty"  // 特困
    case minimumLiving = "minimum_living"  // 低保
    case lowIncome = "low_income"  // 低收入
    case advancedAge = "advanced_age"  // 高龄 (80+, derived)
    case disabled  // 失能
    case semiDisabled = "semi_disabled"  // 半失能
    case dementia  // 失智
    case livingAlone = "living_alone"  // 独居
    case emptyNest = "empty_nest"  // 空巢
    case leftBehind = "left_behind"  // 留守
    case severeDisability = "severe_disability"  // 重残
    case familyPlanningSpecial = "family_planning_special"  // 计划生育特殊家庭
    case entitledCare = "entitled_care"  // 优抚对象
    case militaryFamily = "military_family"  // 军烈属
    case majorContribution = "major_contribution"  // 重要贡献

    /// The age from which 高龄 applies.
    public static let advancedAgeFrom = 80

    public var chineseName: String {
        switch self {
        case .extremePoverty: "特困"
        case .minimumLiving: "低保"
        case .lowIncome: "低收入"
        case .advancedAge: "高龄"
        case .disabled: "失能"
        case .semiDisabled: "半失能"
        case .dementia: "失智"
        case .livingAlone: "独居"
        case .emptyNest: "空巢"
        case .leftBehind: "留守"
        case .severeDisability: "重残"
        case .familyPlanningSpecial: "计划生育特殊家庭"
        case .entitledCare: "优抚对象"
        case .militaryFamily: "军烈属"
        case .majorContribution: "重要贡献"
        }
    }

    /// Derived categories are computed, never entered.
    public var isDerived: Bool { self == .advancedAge }

    /// The categories a person can be given by hand, an import or a feed.
    public static let recorded = allCases.filter { !$0.isDerived }

    /// By code (`minimum_living`) or Chinese name (`低保`).
    public init?(text: String) {
        let t = text.trimmingSpaces
        if let c = ElderCategory(rawValue: t) {
            self = c
            return
        }
        guard let c = Self.allCases.first(where: { $0.chineseName == t }) else { return nil }
        self = c
    }
}

/// One category a person belongs to, from when, until when, and who said so.
public struct CategoryMembership: Sendable, Hashable, Codable {
    public var category: ElderCategory
    public var since: CalendarDate?
    public var until: CalendarDate?
    /// Where the fact came from: 录入, 导入, a feed's source, an assessment.
    public var source: String

    public init(category: ElderCategory, since: CalendarDate? = nil, until: CalendarDate? = nil, source: String) {
        self.category = category
        self.since = since
        self.until = until
        self.source = source
    }

    /// In force on `day`.
    public func isActive(on day: CalendarDate) -> Bool {
        (since.map { $0 <= day } ?? true) && (until.map { day <= $0 } ?? true)
    }
}
