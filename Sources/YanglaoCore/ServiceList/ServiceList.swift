import Foundation

/// 基本养老服务清单: the three kinds of basic elderly-care service [S003 §六(一)1].
public enum ServiceListCategory: String, Sendable, Codable, CaseIterable {
    case materialAid = "material_aid"  // 物质帮助
    case care  // 照护服务
    case concern  // 关爱服务

    public var chineseName: String {
        switch self {
        case .materialAid: "物质帮助"
        case .care: "照护服务"
        case .concern: "关爱服务"
        }
    }

    public var englishName: String {
        switch self {
        case .materialAid: "Material aid"
        case .care: "Care services"
        case .concern: "Caring visits and support"
        }
    }
}

/// How often an amount is paid or a service given.
public enum ServicePeriod: String, Sendable, Codable, CaseIterable {
    case once, day, week, month, quarter, year

    /// Occurrences in a year, to compare standards given per different periods; nil for `once`.
    public var perYear: Int? {
        switch self {
        case .once: nil
        case .day: 365
        case .week: 52
        case .month: 12
        case .quarter: 4
        case .year: 1
        }
    }

    public var chineseName: String {
        switch self {
        case .once: "一次性"
        case .day: "每天"
        case .week: "每周"
        case .month: "每月"
        case .quarter: "每季度"
        case .year: "每年"
        }
    }
}

/// 服务标准 of a list item: an amount of money, a number of times, or a description that
/// cannot be measured (then a lower list may only repeat it).
public struct ServiceStandard: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Yuan per period (`value` in fen, so no rounding ever creeps in).
        case amount
        /// Times per period.
        case frequency
        /// Words only.
        case text
    }

    public var kind: Kind
    /// Fen for `amount`, times for `frequency`, 0 for `text`.
    public var value: Int
    public var period: ServicePeriod
    /// What the standard says in words, shown next to the figure.
    public var note: String

    public init(kind: Kind, value: Int = 0, period: ServicePeriod = .month, note: String = "") {
        self.kind = kind
        self.value = value
        self.period = period
        self.note = note
    }

    public static func yuan(_ yuan: Int, per period: ServicePeriod, note: String = "") -> ServiceStandard {
        ServiceStandard(kind: .amount, value: yuan * 100, period: period, note: note)
    }

    public static func times(_ n: Int, per period: ServicePeriod, note: String = "") -> ServiceStandard {
        ServiceStandard(kind: .frequency, value: n, period: period, note: note)
    }

    public static func described(_ note: String) -> ServiceStandard { ServiceStandard(kind: .text, note: note) }

    /// How this standard compares with `other`: lower, not lower, or not comparable
    /// (different kinds, `once` against a recurring period, different words).
    public func compared(with other: ServiceStandard) -> StandardComparison {
        guard kind == other.kind else { return .incomparable }
        switch kind {
        case .text:
            return note.trimmingCharacters(in: .whitespaces) == other.note.trimmingCharacters(in: .whitespaces) ? .notLower : .incomparable
        case .amount, .frequency:
            if period == other.period { return value < other.value ? .lower : .notLower }
            guard let mine = period.perYear, let theirs = other.period.perYear else { return .incomparable }
            return value * mine < other.value * theirs ? .lower : .notLower
        }
    }

    /// "每月 200 元", "每月 2 次", or the words.
    public var chineseText: String {
        let figure: String
        switch kind {
        case .amount: figure = "\(period.chineseName) \(Self.yuanText(value)) 元"
        case .frequency: figure = "\(period.chineseName) \(value) 次"
        case .text: return note
        }
        return note.isEmpty ? figure : "\(figure)（\(note)）"
    }

    /// 1050 fen as "10.50", 5000 as "50".
    public static func yuanText(_ fen: Int) -> String {
        fen % 100 == 0 ? String(fen / 100) : String(format: "%d.%02d", fen / 100, fen % 100)
    }
}

public enum StandardComparison: Sendable, Equatable { case lower, notLower, incomparable }

/// One row of a 基本养老服务清单.
public struct ServiceListItem: Sendable, Hashable, Codable, Identifiable {
    /// Stable key across versions and levels (e.g. `advanced_age_allowance`): how a county's
    /// row is matched with the city's.
    public var code: String
    public var category: ServiceListCategory
    public var name: String
    /// 服务对象, in words; the eligibility rule with the same code decides who it is.
    public var targetGroup: String
    public var content: String
    public var standard: ServiceStandard
    /// 支出责任.
    public var payer: String
    /// 牵头部门.
    public var leadDepartment: String
    /// Who the item is for, as a rule the platform evaluates (nil: decided case by case).
    public var eligibility: EligibilityCondition?

    public var id: String { code }

    public init(
        code: String, category: ServiceListCategory, name: String, targetGroup: String, content: String,
        standard: ServiceStandard, payer: String, leadDepartment: String, eligibility: EligibilityCondition? = nil
    ) {
        self.code = code
        self.category = category
        self.name = name
        self.targetGroup = targetGroup
        self.content = content
        self.standard = standard
        self.payer = payer
        self.leadDepartment = leadDepartment
        self.eligibility = eligibility
    }

    /// The item's rule, named after it.
    public var rule: EligibilityRule? { eligibility.map { EligibilityRule(code: code, name: name, condition: $0) } }
}

/// The rules a list must keep: well-formed items, and not below the list of the level above.
public enum ServiceListRules {
    /// Problems of one list on its own: missing fields, repeated or malformed codes,
    /// negative or zero standards; each names the item (`items[code].field`).
    public static func problems(_ items: [ServiceListItem]) -> [AppError] {
        var problems: [AppError] = []
        if items.isEmpty { problems.append(AppError(.invalidInput, "service_list_empty", field: "items")) }
        var seen = Set<String>()
        for item in items {
            let field = "items[\(item.code)]"
            if item.code.isEmpty || item.code.count > 64
                || !item.code.unicodeScalars.allSatisfy({ CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789_").contains($0) })
            {
                problems.append(AppError(.invalidInput, "service_list_code_invalid", field: "\(field).code", ["code": item.code]))
            }
            if !seen.insert(item.code).inserted {
                problems.append(AppError(.invalidInput, "service_list_code_repeated", field: "\(field).code", ["code": item.code]))
            }
            for (name, value) in [
                ("name", item.name), ("targetGroup", item.targetGroup), ("content", item.content),
                ("payer", item.payer), ("leadDepartment", item.leadDepartment),
            ]
            where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append(AppError(.invalidInput, "required", field: "\(field).\(name)", ["item": item.name, "code": item.code]))
            }
            switch item.standard.kind {
            case .amount, .frequency:
                if item.standard.value <= 0 {
                    problems.append(
                        AppError(.invalidInput, "service_list_standard_invalid", field: "\(field).standard", ["item": item.name, "code": item.code]))
                }
            case .text:
                if item.standard.note.trimmingCharacters(in: .whitespaces).isEmpty {
                    problems.append(
                        AppError(.invalidInput, "service_list_standard_invalid", field: "\(field).standard", ["item": item.name, "code": item.code]))
                }
            }
        }
        return problems
    }

    /// A lower level's list against the list of the level above it [S003 §六(一)1: 服务项目、
    /// 覆盖范围和实现程度不得低于市级要求]: every item above must be there (matched by code),
    /// with a standard not lower; a standard that cannot be compared (another kind, or other
    /// words) must be raised with the level above first, so it is refused too. Where both
    /// items carry an eligibility rule, the lower one must reach everyone in `region` that
    /// the upper one does (覆盖范围); the refusal names a person it would leave out.
    public static func problems(_ items: [ServiceListItem], against above: [ServiceListItem], in region: RegionCode) -> [AppError] {
        let mine = Dictionary(items.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [AppError] = []
        for upper in above {
            let field = "items[\(upper.code)]"
            guard let item = mine[upper.code] else {
                problems.append(AppError(.invalidInput, "service_list_item_dropped", field: field, ["item": upper.name, "code": upper.code]))
                continue
            }
            switch item.standard.compared(with: upper.standard) {
            case .notLower: break
            case .lower:
                problems.append(
                    AppError(
                        .invalidInput, "service_list_standard_lower", field: "\(field).standard",
                        ["item": upper.name, "code": upper.code, "above": upper.standard.chineseText, "value": item.standard.chineseText]))
            case .incomparable:
                problems.append(
                    AppError(
                        .invalidInput, "service_list_standard_incomparable", field: "\(field).standard",
                        ["item": upper.name, "code": upper.code, "above": upper.standard.chineseText, "value": item.standard.chineseText]))
            }
            if let rule = item.eligibility, let upperRule = upper.eligibility,
                let person = EligibilityCoverage.leftOut(by: rule, of: upperRule, in: region)
            {
                problems.append(
                    AppError(
                        .invalidInput, "service_list_coverage_narrower", field: "\(field).eligibility",
                        [
                            "item": upper.name, "code": upper.code, "above": upperRule.chineseText, "value": rule.chineseText,
                            "example": EligibilityCoverage.describe(person),
                        ]))
            }
        }
        return problems
    }
}
