import Testing
import YanglaoCore

@Suite struct SchemesByRegionTests {
    static let city = RegionCode(validated: "410900000000")
    static let county = RegionCode(validated: "410902000000")

    @Test func theNearestConfigurationAtOrAboveAPlaceApplies() {
        let choice = SchemesByRegion([(Self.city, ExampleSubsidySchemes.person), (Self.county, ExampleSubsidySchemes.county)])
        #expect(choice.schemes(for: RegionCode(validated: "410902001001")) == ExampleSubsidySchemes.county)
        #expect(choice.schemes(for: RegionCode(validated: "410922001001")) == ExampleSubsidySchemes.person)
        #expect(choice.schemes(for: RegionCode(validated: "410100000000")).isEmpty)
        #expect(choice.all.count == ExampleSubsidySchemes.person.count + ExampleSubsidySchemes.county.count)
    }

    @Test func eachPersonIsPaidUnderTheirOwnRegionsSchemes() {
        func person(_ region: String) -> PersonSubject {
            PersonSubject(
                key: region,
                facts: PersonFacts(
                    birthDate: CalendarDate("1944-01-01")!, status: .active, region: RegionCode(validated: region), householdLocal: true,
                    categories: [], abilityLevel: nil),
                statusSince: nil)
        }
        let choice = SchemesByRegion([(Self.city, ExampleSubsidySchemes.person), (Self.county, ExampleSubsidySchemes.county)])
        let lines = choice.lines([person("410902001001"), person("410922001001")], in: CalendarMonth("2026-11")!)
        let allowance = lines.filter { $0.scheme == "advanced_age_allowance" }
        #expect(allowance.first { $0.region == "410902001001" }?.fen == 6_000)
        #expect(allowance.first { $0.region == "410922001001" }?.fen == 5_000)
    }
}
