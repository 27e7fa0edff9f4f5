import Foundation
import Testing
import YanglaoCore

@Suite struct EligibilityTests {
    static let today = CalendarDate("2026-11-24")!
    static func person(
        born: String, categories: [CategoryMembership] = [], level: AbilityLevel? = nil, local: Bool = true,
        status: ElderStatus = .active
    ) -> PersonFacts {
        PersonFacts(
            birthDate: CalendarDate(born)!, status: status, region: RegionCode(validated: "410902001001"), householdLocal: local,
            categories: categories, abilityLevel: level)
    }
    static func rule(_ code: String) -> EligibilityRule { ExampleServiceLists.county.first { $0.code == code }!.rule! }

    @Test func theAdvancedAgeAllowanceNeedsEightyYearsALocalHouseholdAndTheRegister() {
        let rule = Self.rule("advanced_age_allowance")
        let yes = Eligibility.evaluate(rule, for: Self.person(born: "1940-03-15"), on: Self.today)
        #expect(yes.eligible)
        #expect(yes.explanation.contains("年满80周岁（86周岁（1940-03-15 出生））"))
        #expect(!Eligibility.evaluate(rule, for: Self.person(born: "1940-03-15", local: false), on: Self.today).eligible)
        let dead = Eligibility.evaluate(rule, for: Self.person(born: "1940-03-15", status: .deceased), on: Self.today)
        #expect(!dead.eligible && dead.explanation.contains("在册（健在且居住在本地）（已死亡）"))
        // Turning 80 on 2026-11-20: not on the 1st of the month, yes by its last day.
        let turning = Self.person(born: "1946-11-20")
        #expect(!Eligibility.evaluate(rule, for: turning, on: CalendarDate("2026-11-01")!).eligible)
        #expect(Eligibility.evaluate(rule, for: turning, on: CalendarDate("2026-11-01")!, ageDay: CalendarDate("2026-11-30")!).eligible)
    }

    @Test func categoriesAndLevelsDecideWithTheirDates() {
        let rule = Self.rule("disability_care_subsidy")
        let low = CategoryMembership(category: .minimumLiving, since: CalendarDate("2020-01-01")!, source: "民政")
        #expect(Eligibility.evaluate(rule, for: Self.person(born: "1950-01-01", categories: [low], level: .severe), on: Self.today).eligible)
        let noLevel = Eligibility.evaluate(rule, for: Self.person(born: "1950-01-01", categories: [low]), on: Self.today)
        #expect(!noLevel.eligible && noLevel.explanation.contains("无有效评估结果"))
        let ended = CategoryMembership(category: .minimumLiving, since: CalendarDate("2020-01-01")!, until: CalendarDate("2026-10-31")!, source: "民政")
        #expect(!Eligibility.evaluate(rule, for: Self.person(born: "1950-01-01", categories: [ended], level: .complete), on: Self.today).eligible)
        #expect(!Eligibility.evaluate(rule, for: Self.person(born: "1950-01-01", categories: [low], level: .moderate), on: Self.today).eligible)
        // 高龄 is a category that follows from age.
        let any = EligibilityRule(code: "x", name: "x", condition: .category(.advancedAge))
        #expect(Eligibility.evaluate(any, for: Self.person(born: "1946-11-24"), on: Self.today).eligible)
        #expect(!Eligibility.evaluate(any, for: Self.person(born: "1946-11-25"), on: Self.today).eligible)
    }

    @Test func conditionsAreDataThatReadBackAndNestWithAnyAndNot() throws {
        let json =
            #"{"all":[{"inRegister":true},{"any":[{"abilityAtLeast":2},{"category":"living_alone"}]},{"not":{"region":"410922000000"}},{"ageBelow":100}]}"#
        let condition = try JSONDecoder().decode(EligibilityCondition.self, from: Data(json.utf8))
        #expect(
            condition
                == .all([
                    .inRegister, .any([.abilityAtLeast(.moderate), .category(.livingAlone)]),
                    .not(.region(RegionCode(validated: "410922000000"))), .ageBelow(100),
                ]))
        let again = try JSONDecoder().decode(EligibilityCondition.self, from: try JSONEncoder().encode(condition))
        #expect(again == condition)
        let decision = Eligibility.evaluate(
            EligibilityRule(code: "r", name: "r", condition: condition),
            for: Self.person(born: "1950-01-01", categories: [CategoryMembership(category: .livingAlone, source: "x")]), on: Self.today)
        #expect(decision.eligible)
        #expect(decision.findings.map(\.depth) == [0, 1, 1, 2, 2, 1, 2, 1])
        for bad in [#"{"ageAtLeast":80,"inRegister":true}"#, #"{}"#, #"{"category":"nobody"}"#, #"{"region":"12"}"#, #"{"abilityAtLeast":9}"#] {
            #expect(throws: DecodingError.self, "\(bad)") { _ = try JSONDecoder().decode(EligibilityCondition.self, from: Data(bad.utf8)) }
        }
    }

    /// The fast check a monthly run uses decides exactly as the explained evaluation.
    @Test func theFastCheckAgreesWithTheExplainedOne() {
        var rng = SystemRandomNumberGenerator()
        let levels: [AbilityLevel?] = [nil] + AbilityLevel.allCases
        for _ in 0..<2000 {
            let categories = ElderCategory.allCases.filter { _ in Int.random(in: 0..<6, using: &rng) == 0 }
                .map {
                    CategoryMembership(
                        category: $0, since: CalendarDate("2020-01-01")!, until: Bool.random(using: &rng) ? nil : CalendarDate("2026-10-31")!,
                        source: "x")
                }
            let person = PersonFacts(
                birthDate: CalendarDate("1920-01-01")!.addingDays(Int.random(in: 0...16000, using: &rng)),
                status: ElderStatus.allCases.randomElement(using: &rng)!, region: RegionCode(validated: "410902001001"),
                householdLocal: Bool.random(using: &rng), categories: categories, abilityLevel: levels.randomElement(using: &rng)!)
            for item in ExampleServiceLists.county {
                let rule = item.rule!
                #expect(
                    Eligibility.holds(rule.condition, for: person, on: Self.today) == Eligibility.evaluate(rule, for: person, on: Self.today).eligible
                )
            }
        }
    }

    @Test func everyExampleItemHasARule() {
        #expect(ExampleServiceLists.county.allSatisfy { $0.eligibility != nil })
    }
}
