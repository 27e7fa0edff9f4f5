/// What the eligibility rules read of a person on a given day.
public struct PersonFacts: Sendable, Hashable {
    public var birthDate: CalendarDate
    public var status: ElderStatus
    public var region: RegionCode
    public var householdLocal: Bool
    public var categories: [CategoryMembership]
    /// The final level of the approved assessment in force, if any.
    public var abilityLevel: AbilityLevel?

    public init(
        birthDate: CalendarDate, status: ElderStatus, region: RegionCode, householdLocal: Bool,
        categories: [CategoryMembership], abilityLevel: AbilityLevel?
    ) {
        self.birthDate = birthDate
        self.status = status
        self.region = region
        self.householdLocal = householdLocal
        self.categories = categories
        self.abilityLevel = abilityLevel
    }

    /// Categories in force on `day`, 高龄 included (it follows from the age).
    public func categories(on day: CalendarDate) -> Set<ElderCategory> {
        var set = Set(categories.filter { $0.isActive(on: day) }.map(\.category))
        if birthDate.age(on: day) >= ElderCategory.advancedAgeFrom { set.insert(.advancedAge) }
        return set
    }
}

/// One condition of an eligibility rule. Rules are data (JSON, e.g.
/// `{"all":[{"inRegister":true},{"ageAtLeast":80}]}`), kept with the service-list item they
/// govern, so a region writes its own without a new release; every evaluation says which
/// facts decided it.
public indirect enum EligibilityCondition: Sendable, Hashable {
    /// Aged at least this many full years on the age day.
    case ageAtLeast(Int)
    /// Younger than this on the age day.
    case ageBelow(Int)
    /// In this category on the day.
    case category(ElderCategory)
    /// In at least one of these categories.
    case anyCategory([ElderCategory])
    /// An approved assessment in force whose final level is this one or worse.
    case abilityAtLeast(AbilityLevel)
    /// Household registration (户籍) in the place.
    case localHousehold
    /// In the register (在册): alive and living here.
    case inRegister
    /// Living in this region or below it.
    case region(RegionCode)
    case all([EligibilityCondition])
    case any([EligibilityCondition])
    case not(EligibilityCondition)
}

/// A rule: which people a service-list item, subsidy or other benefit is for.
public struct EligibilityRule: Sendable, Hashable, Codable, Identifiable {
    /// Matches the code of the service-list item or subsidy it governs.
    public var code: String
    public var name: String
    public var condition: EligibilityCondition

    public var id: String { code }

    public init(code: String, name: String, condition: EligibilityCondition) {
        self.code = code
        self.name = name
        self.condition = condition
    }
}

/// One condition as it was checked: met or not, and the fact it read.
public struct EligibilityFinding: Sendable, Hashable, Codable {
    /// The condition in words, e.g. "年满80周岁".
    public let condition: String
    public let met: Bool
    /// The fact, e.g. "86周岁（1940-03-15 出生）".
    public let fact: String
    /// Nesting depth, for showing `all`/`any` groups.
    public let depth: Int
}

/// A rule's decision for a person, with the findings that made it.
public struct EligibilityDecision: Sendable, Hashable, Codable {
    public let rule: String
    public let name: String
    public let eligible: Bool
    public let day: CalendarDate
    public let findings: [EligibilityFinding]

    /// "符合：年满80周岁（86周岁…）；在册（在册）" — the facts that made the decision, one line.
    public var explanation: String {
        let decisive = findings.filter { $0.depth == 0 || $0.met == eligible }
        return (eligible ? "符合：" : "不符合：") + decisive.map { "\($0.condition)（\($0.fact)）" }.joined(separator: "；")
    }
}

public enum Eligibility {
    /// Evaluates `rule` for `person` on `day`; ages are counted on `ageDay` (default `day`),
    /// so a monthly run can count "turns 80 in the month" on the month's last day while
    /// reading everything else on its first.
    public static func evaluate(
        _ rule: EligibilityRule, for person: PersonFacts, on day: CalendarDate,
        ageDay: CalendarDate? = nil
    ) -> EligibilityDecision {
        var findings: [EligibilityFinding] = []
        let met = check(rule.condition, person, day: day, ageDay: ageDay ?? day, depth: 0, into: &findings)
        return EligibilityDecision(rule: rule.code, name: rule.name, eligible: met, day: day, findings: findings)
    }

    /// Whether `condition` holds, without recording why: the fast path of a monthly run,
    /// which explains only the payments it makes (with `evaluate`).
    public static func holds(_ condition: EligibilityCondition, for p: PersonFacts, on day: CalendarDate, ageDay: CalendarDate? = nil) -> Bool {
        holds(condition, PersonOnDay(p, on: day), ageDay: ageDay ?? day)
    }

    /// A person's facts with the categories in force on a day worked out once, for checking
    /// many conditions on the same day.
    public struct PersonOnDay: Sendable {
        public let facts: PersonFacts
        public let day: CalendarDate
        public let categories: Set<ElderCategory>

        public init(_ facts: PersonFacts, on day: CalendarDate) {
            self.facts = facts
            self.day = day
            categories = facts.categories(on: day)
        }
    }

    public static func holds(_ condition: EligibilityCondition, _ p: PersonOnDay, ageDay: CalendarDate) -> Bool {
        switch condition {
        case .ageAtLeast(let n): return p.facts.birthDate.age(on: ageDay) >= n
        case .ageBelow(let n): return p.facts.birthDate.age(on: ageDay) < n
        case .category(let c): return p.categories.contains(c)
        case .anyCategory(let cs): return cs.contains { p.categories.contains($0) }
        case .abilityAtLeast(let level): return p.facts.abilityLevel.map { $0 >= level } ?? false
        case .localHousehold: return p.facts.householdLocal
        case .inRegister: return p.facts.status == .active
        case .region(let r): return r.contains(p.facts.region)
        case .all(let parts): return parts.allSatisfy { holds($0, p, ageDay: ageDay) }
        case .any(let parts): return parts.contains { holds($0, p, ageDay: ageDay) }
        case .not(let inner): return !holds(inner, p, ageDay: ageDay)
        }
    }

    static func check(
        _ condition: EligibilityCondition, _ p: PersonFacts, day: CalendarDate, ageDay: CalendarDate,
        depth: Int, into findings: inout [EligibilityFinding]
    ) -> Bool {
        func note(_ text: String, _ met: Bool, _ fact: String) -> Bool {
            findings.append(EligibilityFinding(condition: text, met: met, fact: fact, depth: depth))
            return met
        }
        let age = p.birthDate.age(on: ageDay)
        let ageFact = "\(age)周岁（\(p.birthDate) 出生）"
        switch condition {
        case .ageAtLeast(let n):
            return note("年满\(n)周岁", age >= n, ageFact)
        case .ageBelow(let n):
            return note("未满\(n)周岁", age < n, ageFact)
        case .category(let c):
            let set = p.categories(on: day)
            return note("属于\(c.chineseName)", set.contains(c), Self.categoryFact(set))
        case .anyCategory(let cs):
            let set = p.categories(on: day)
            return note("属于" + cs.map(\.chineseName).joined(separator: "或"), !set.isDisjoint(with: cs), Self.categoryFact(set))
        case .abilityAtLeast(let level):
            let fact = p.abilityLevel.map { "评估等级：\($0.chineseName)" } ?? "无有效评估结果"
            return note("能力等级为\(level.chineseName)或更重", p.abilityLevel.map { $0 >= level } ?? false, fact)
        case .localHousehold:
            return note("本地户籍", p.householdLocal, p.householdLocal ? "本地户籍" : "非本地户籍")
        case .inRegister:
            return note("在册（健在且居住在本地）", p.status == .active, p.status.chineseName)
        case .region(let r):
            return note("居住在 \(r.value) 辖区", r.contains(p.region), "居住地 \(p.region.value)")
        case .all(let parts):
            var inner: [EligibilityFinding] = []
            let met = parts.map { check($0, p, day: day, ageDay: ageDay, depth: depth + 1, into: &inner) }.allSatisfy { $0 }
            findings.append(EligibilityFinding(condition: "同时满足以下条件", met: met, fact: "\(parts.count)项", depth: depth))
            findings += inner
            return met
        case .any(let parts):
            var inner: [EligibilityFinding] = []
            let met = parts.map { check($0, p, day: day, ageDay: ageDay, depth: depth + 1, into: &inner) }.contains(true)
            findings.append(EligibilityFinding(condition: "满足以下任一条件", met: met, fact: "\(parts.count)项", depth: depth))
            findings += inner
            return met
        case .not(let inner):
            var sub: [EligibilityFinding] = []
            let met = !check(inner, p, day: day, ageDay: ageDay, depth: depth + 1, into: &sub)
            findings.append(EligibilityFinding(condition: "不满足以下条件", met: met, fact: "", depth: depth))
            findings += sub
            return met
        }
    }

    static func categoryFact(_ set: Set<ElderCategory>) -> String {
        set.isEmpty ? "无人员类别" : "人员类别：" + ElderCategory.allCases.filter(set.contains).map(\.chineseName).joined(separator: "、")
    }
}

extension EligibilityCondition: Codable {
    /// One key per condition: `{"ageAtLeast":80}`, `{"category":"minimum_living"}`,
    /// `{"anyCategory":["living_alone","empty_nest"]}`, `{"abilityAtLeast":3}`,
    /// `{"localHousehold":true}`, `{"inRegister":true}`, `{"region":"410902000000"}`,
    /// `{"all":[…]}`, `{"any":[…]}`, `{"not":{…}}`.
    enum Key: String, CodingKey, CaseIterable {
        case ageAtLeast, ageBelow, category, anyCategory, abilityAtLeast, localHousehold, inRegister, region, all, any, not
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "a condition has exactly one of: " + Key.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        switch key {
        case .ageAtLeast: self = .ageAtLeast(try c.decode(Int.self, forKey: key))
        case .ageBelow: self = .ageBelow(try c.decode(Int.self, forKey: key))
        case .category: self = .category(try c.decode(ElderCategory.self, forKey: key))
        case .anyCategory: self = .anyCategory(try c.decode([ElderCategory].self, forKey: key))
        case .abilityAtLeast: self = .abilityAtLeast(try c.decode(AbilityLevel.self, forKey: key))
        case .localHousehold: self = .localHousehold
        case .inRegister: self = .inRegister
        case .region:
            let text = try c.decode(String.self, forKey: key)
            guard let code = try? RegionCode(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not a region code: \(text)")
            }
            self = .region(code)
        case .all: self = .all(try c.decode([EligibilityCondition].self, forKey: key))
        case .any: self = .any(try c.decode([EligibilityCondition].self, forKey: key))
        case .not: self = .not(try c.decode(EligibilityCondition.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .ageAtLeast(let n): try c.encode(n, forKey: .ageAtLeast)
        case .ageBelow(let n): try c.encode(n, forKey: .ageBelow)
        case .category(let x): try c.encode(x, forKey: .category)
        case .anyCategory(let xs): try c.encode(xs, forKey: .anyCategory)
        case .abilityAtLeast(let l): try c.encode(l, forKey: .abilityAtLeast)
        case .localHousehold: try c.encode(true, forKey: .localHousehold)
        case .inRegister: try c.encode(true, forKey: .inRegister)
        case .region(let r): try c.encode(r.value, forKey: .region)
        case .all(let xs): try c.encode(xs, forKey: .all)
        case .any(let xs): try c.encode(xs, forKey: .any)
        case .not(let x): try c.encode(x, forKey: .not)
        }
    }
}

extension EligibilityCondition {
    /// The condition in words, e.g. "在册，且本地户籍，且年满80周岁".
    public var chineseText: String {
        switch self {
        case .ageAtLeast(let n): "年满\(n)周岁"
        case .ageBelow(let n): "未满\(n)周岁"
        case .category(let c): "属于\(c.chineseName)"
        case .anyCategory(let cs): "属于" + cs.map(\.chineseName).joined(separator: "或")
        case .abilityAtLeast(let level): "能力等级为\(level.chineseName)或更重"
        case .localHousehold: "本地户籍"
        case .inRegister: "在册"
        case .region(let r): "居住在 \(r.value) 辖区"
        case .all(let parts): parts.map { $0.grouped }.joined(separator: "，且")
        case .any(let parts): parts.map { $0.grouped }.joined(separator: "，或")
        case .not(let inner): "不满足“\(inner.chineseText)”"
        }
    }

    private var grouped: String {
        switch self {
        case .all(let parts) where parts.count > 1: "（\(chineseText)）"
        case .any(let parts) where parts.count > 1: "（\(chineseText)）"
        default: chineseText
        }
    }
}
