import Testing
import YanglaoCore

@Suite struct ServiceListTests {
    let huaLong = RegionCode(validated: "410902000000")

    @Test func theExampleListsAreWellFormedAndTheCountyIsNotBelowTheCity() {
        #expect(ServiceListRules.problems(ExampleServiceLists.city).isEmpty)
        #expect(ServiceListRules.problems(ExampleServiceLists.county).isEmpty)
        #expect(ServiceListRules.problems(ExampleServiceLists.county, against: ExampleServiceLists.city, in: huaLong).isEmpty)
        #expect(Set(ExampleServiceLists.city.map(\.category)) == Set(ServiceListCategory.allCases))
    }

    @Test func aCountyListThatDropsOrLowersACityItemIsRefusedWithTheItemNamed() {
        var county = ExampleServiceLists.county.filter { $0.code != "caring_visits" }
        let i = county.firstIndex { $0.code == "advanced_age_allowance" }!
        county[i].standard = .yuan(40, per: .month)
        let problems = ServiceListRules.problems(county, against: ExampleServiceLists.city, in: huaLong)
        #expect(problems.map(\.code).sorted() == ["service_list_item_dropped", "service_list_standard_lower"])
        #expect(problems.first { $0.code == "service_list_item_dropped" }?.arguments["item"] == "探访关爱")
        #expect(problems.first { $0.code == "service_list_standard_lower" }?.field == "items[advanced_age_allowance].standard")
        #expect(problems.first { $0.code == "service_list_standard_lower" }?.arguments["above"] == "每月 50 元（80–89周岁，示例值；90–99周岁、100周岁及以上另定）")
    }

    @Test func standardsCompareAcrossPeriodsButNotAcrossKinds() {
        #expect(ServiceStandard.yuan(600, per: .year).compared(with: .yuan(50, per: .month)) == .notLower)
        #expect(ServiceStandard.yuan(599, per: .year).compared(with: .yuan(50, per: .month)) == .lower)
        #expect(ServiceStandard.times(1, per: .week).compared(with: .times(4, per: .month)) == .notLower)  // 52 ≥ 48
        #expect(ServiceStandard.times(1, per: .month).compared(with: .times(1, per: .week)) == .lower)
        #expect(ServiceStandard.yuan(500, per: .once).compared(with: .yuan(40, per: .month)) == .incomparable)
        #expect(ServiceStandard.times(1, per: .month).compared(with: .yuan(40, per: .month)) == .incomparable)
        #expect(ServiceStandard.described("优先安排").compared(with: .described("优先安排 ")) == .notLower)
        #expect(ServiceStandard.described("酌情安排").compared(with: .described("优先安排")) == .incomparable)
        #expect(ServiceStandard(kind: .amount, value: 1050, period: .month).chineseText == "每月 10.50 元")
    }

    @Test func malformedItemsAreNamed() {
        var items = Array(ExampleServiceLists.city.prefix(2))
        items[1].code = items[0].code
        items[0].name = " "
        items[0].standard = .yuan(0, per: .month)
        let fields = Set(ServiceListRules.problems(items).compactMap(\.field))
        #expect(fields == ["items[extreme_poverty_support].name", "items[extreme_poverty_support].standard", "items[extreme_poverty_support].code"])
        #expect(ServiceListRules.problems([]).map(\.code) == ["service_list_empty"])
        items = [ExampleServiceLists.city[0]]
        items[0].code = "Bad Code"
        #expect(ServiceListRules.problems(items).map(\.code) == ["service_list_code_invalid"])
    }
}
