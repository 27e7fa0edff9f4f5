import Testing
import YanglaoCore

/// 覆盖范围: a county's rule may reach more people than the city's, never fewer.
@Suite struct EligibilityCoverageTests {
    let county = RegionCode(validated: "410902000000")

    func leftOut(_ lower: EligibilityCondition, _ upper: EligibilityCondition) -> PersonFacts? {
        EligibilityCoverage.leftOut(by: lower, of: upper, in: county)
    }

    @Test func aWiderOrEqualRuleCoversAndANarrowerOneNamesSomeoneLeftOut() throws {
        let city: EligibilityCondition = .all([.inRegister, .localHousehold, .ageAtLeast(80)])
        #expect(leftOut(city, city) == nil)
        #expect(leftOut(.all([.inRegister, .ageAtLeast(75)]), city) == nil)  // lower age, no household rule: wider
        let older = try #require(leftOut(.all([.inRegister, .localHousehold, .ageAtLeast(85)]), city))
        #expect(older.birthDate.age(on: CalendarDate("2026-06-15")!) >= 80 && older.birthDate.age(on: CalendarDate("2026-06-15")!) < 85)
        #expect(EligibilityCoverage.describe(older).contains("本地户籍") && EligibilityCoverage.describe(older).contains("在册"))
        // Categories: 低保 or 特困 is wider than 低保 alone, not the other way round.
        let poor: EligibilityCondition = .anyCategory([.minimumLiving, .extremePoverty])
        #expect(leftOut(poor, .category(.minimumLiving)) == nil)
        let onlyMinimum = try #require(leftOut(.category(.minimumLiving), poor))
        #expect(onlyMinimum.categories.map(\.category) == [.extremePoverty])
        // Levels: 中度 or worse covers 重度 or worse.
        #expect(leftOut(.abilityAtLeast(.moderate), .abilityAtLeast(.severe)) == nil)
        #expect(leftOut(.abilityAtLeast(.severe), .abilityAtLeast(.moderate))?.abilityLevel == .moderate)
        // 高龄 as a category follows the age.
        #expect(leftOut(.ageAtLeast(80), .category(.advancedAge)) == nil)
        #expect(leftOut(.ageAtLeast(81), .category(.advancedAge)) != nil)
        // A county rule limited to one of its townships leaves out the rest of the county.
        let township = RegionCode(validated: "410902001000")
        let elsewhere = try #require(leftOut(.all([.region(township), .inRegister]), .inRegister))
        #expect(!township.contains(elsewhere.region) && county.contains(elsewhere.region))
        #expect(leftOut(.any([.region(township), .inRegister]), .inRegister) == nil)
        // Negation: "not non-local" is the same as local.
        #expect(leftOut(.not(.not(.localHousehold)), .localHousehold) == nil)
        #expect(leftOut(.not(.localHousehold), .localHousehold) != nil)
    }

    @Test func aCountyListThatNarrowsACityItemsCoverageIsRefusedWithAnExample() throws {
        var list = ExampleServiceLists.county
        let i = try #require(list.firstIndex { $0.eligibility != nil && $0.code == "advanced_age_allowance" })
        list[i].eligibility = .all([.inRegister, .localHousehold, .ageAtLeast(85)])
        let problems = ServiceListRules.problems(list, against: ExampleServiceLists.city, in: county)
        let problem = try #require(problems.first { $0.code == "service_list_coverage_narrower" })
        #expect(problem.field == "items[advanced_age_allowance].eligibility" && problem.arguments["example"]?.contains("周岁") == true)
        #expect(problems.count == 1)
    }
}
