/// 在册状态 of a person in the register.
public enum ElderStatus: String, Sendable, Codable, CaseIterable {
    /// 在册: lives in the region and receives services.
    case active
    /// 迁出: moved out of the city's register; kept for history.
    case movedAway = "moved_away"
    /// 死亡: final. Subsidy runs pay nobody in it; the change cancels open orders (by event).
    case deceased

    public var chineseName: String {
        switch self {
        case .active: "在册"
        case .movedAway: "已迁出"
        case .deceased: "已死亡"
        }
    }

    /// The changes a status request may make. Death is final; a person who moved away may come back.
    public func canChange(to next: ElderStatus) -> Bool {
        switch (self, next) {
        case (.active, .movedAway), (.active, .deceased), (.movedAway, .active), (.movedAway, .deceased): true
        default: false
        }
    }
}

/// 居住情况.
public enum LivingSituation: String, Sendable, Codable, CaseIterable {
    case alone  // 独居
    case withSpouse = "with_spouse"  // 与配偶同住
    case withChildren = "with_children"  // 与子女同住
    case withOthers = "with_others"  // 与其他人同住
    case institution  // 入住养老机构

    public var chineseName: String {
        switch self {
        case .alone: "独居"
        case .withSpouse: "与配偶同住"
        case .withChildren: "与子女同住"
        case .withOthers: "与其他人同住"
        case .institution: "入住养老机构"
        }
    }

    public init?(text: String) {
        let t = text.trimmingSpaces
        if let v = LivingSituation(rawValue: t) {
            self = v
            return
        }
        guard let v = Self.allCases.first(where: { $0.chineseName == t }) else { return nil }
        self = v
    }
}

/// 年龄段 used by the register's statistics. The last band is open: 100 and over.
public enum AgeBand: String, Sendable, CaseIterable, Codable {
    case under60 = "under_60"
    case from60 = "60-64"
    case from65 = "65-69"
    case from70 = "70-74"
    case from75 = "75-79"
    case from80 = "80-84"
    case from85 = "85-89"
    case from90 = "90-99"
    case from100 = "100+"

    public init(age: Int) {
        switch age {
        case ..<60: self = .under60
        case 100...: self = .from100
        case 90...: self = .from90
        default: self = Self.allCases[1 + (age - 60) / 5]
        }
    }

    /// The youngest age in the band.
    public var lowerAge: Int {
        switch self {
        case .under60: 0
        case .from90: 90
        case .from100: 100
        default: 60 + 5 * (Self.allCases.firstIndex(of: self)! - 1)
        }
    }

    /// The oldest age in the band; nil for the last.
    public var upperAge: Int? {
        let all = Self.allCases
        let next = all.index(after: all.firstIndex(of: self)!)
        return next < all.endIndex ? all[next].lowerAge - 1 : nil
    }
}
