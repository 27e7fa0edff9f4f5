/// 覆盖范围: whether one eligibility condition reaches everyone another one does — a
/// county's rule for an item may be wider than the city's, never narrower [S003 §六(一)1].
///
/// The check is exact, not sampled: a condition only reads ages against its thresholds, the
/// categories it names, the ability level, household registration, status and the regions
/// it names, so one representative person per combination of those classes decides it.
public enum EligibilityCoverage {
    /// A person (living in `region`) whom `upper` reaches and `lower` leaves out, or nil when
    /// `lower` covers everyone `upper` does. A nil condition reaches everyone.
    public static func leftOut(by lower: EligibilityCondition?, of upper: EligibilityCondition?, in region: RegionCode) -> PersonFacts? {
        guard let lower else { return nil }
        let both = [lower] + (upper.map { [$0] } ?? [])
        var ages: Set<Int> = [60]
        var categories: Set<ElderCategory> = []
        var regions: [RegionCode] = [region]
        for condition in both {
            condition.visit { atom in
                switch atom {
                case .ageAtLeast(let n), .ageBelow(let n): ages.formUnion([n - 1, n])
                case .category(let c): categories.insert(c)
                case .anyCategory(let cs): categories.formUnion(cs)
                case .region(let r) where region.contains(r) && !regions.contains(r): regions.append(r)
                default: break
                }
            }
        }
        if categories.contains(.advancedAge) { ages.formUnion([ElderCategory.advancedAgeFrom - 1, ElderCategory.advancedAgeFrom]) }
        let recorded = ElderCategory.allCases.filter { categories.contains($0) && $0 != .advancedAge }
        let day = CalendarDate(year: 2026, month: 6, day: 15)!
        for age in ages.sorted() where age >= 0 {
            let birth = CalendarDate(year: day.year - age, month: 1, day: 1)!
            for subset in 0..<(1 << min(recorded.count, 12)) {
                let memberships = recorded.enumerated().filter { subset & (1 << $0.offset) != 0 }
                    .map { CategoryMembership(category: $0.element, since: nil, until: nil, source: "coverage") }
                for level in [nil] + AbilityLevel.allCases.map(Optional.some) {
                    for local in [true, false] {
                        for status in [ElderStatus.active, .deceased] {
                            for place in regions {
                                let person = PersonFacts(
                                    birthDate: birth, status: status, region: place, householdLocal: local,
                                    categories: memberships, abilityLevel: level)
                                let reached = upper.map { Eligibility.holds($0, for: person, on: day) } ?? true
                                if reached && !Eligibility.holds(lower, for: person, on: day) { return person }
                            }
                        }
                    }
                }
            }
        }
        return nil
    }

    /// Such a person in words, e.g. "82周岁，本地户籍，在册，人员类别：低保，评估等级：中度失能".
    public static func describe(_ p: PersonFacts, on day: CalendarDate = CalendarDate(year: 2026, month: 6, day: 15)!) -> String {
        let listed = p.categories.map(\.category)
        var parts = ["\(p.birthDate.age(on: day))周岁", p.householdLocal ? "本地户籍" : "非本地户籍", p.status.chineseName]
        parts.append(listed.isEmpty ? "无人员类别" : "人员类别：" + listed.map(\.chineseName).joined(separator: "、"))
        parts.append(p.abilityLevel.map { "评估等级：\($0.chineseName)" } ?? "无评估结果")
        parts.append("居住地 \(p.region.value)")
        return parts.joined(separator: "，")
    }
}

extension EligibilityCondition {
    /// Calls `body` with every condition in the tree, groups included.
    func visit(_ body: (EligibilityCondition) -> Void) {
        body(self)
        switch self {
        case .all(let parts), .any(let parts):
            for part in parts { part.visit(body) }
        case .not(let inner): inner.visit(body)
        default: break
        }
    }
}
