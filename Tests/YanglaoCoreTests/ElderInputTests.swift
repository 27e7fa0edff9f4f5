import Testing
import YanglaoCore

@Suite struct ElderInputTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 24)!

    static var good: ElderInput {
        ElderInput(
            citizenID: "410902194503151238", name: " 王秀兰 ", phone: "13812345678", address: "中原路12号",
            regionCode: "410902001001", latitude: 35.76, longitude: 115.03, householdLocal: true,
            living: "独居", enrolledOn: "2024-01-05",
            categories: [.init(category: "低保", since: "2020-01-01"), .init(category: "living_alone")],
            contacts: [.init(name: "王强", relation: "儿子", phone: "13912345678")])
    }

    @Test func aGoodInputBecomesARecord() throws {
        let checked = Self.good.validate(today: Self.today, defaultSource: "录入")
        let record = try #require(checked.record)
        #expect(checked.problems.isEmpty && checked.warnings.isEmpty)
        #expect(record.name == "王秀兰" && record.sex == .male && record.living == .alone)
        #expect(record.categories.map(\.category) == [.minimumLiving, .livingAlone])
        #expect(record.categories[1].source == "录入")
        #expect(record.categories(on: Self.today) == [.minimumLiving, .livingAlone, .advancedAge])
        #expect(record.contacts.first?.phone.value == "13912345678")
    }

    @Test func everyProblemIsListedWithItsField() {
        var input = Self.good
        input.citizenID = "410902194503151237"
        input.name = ""
        input.phone = "12345"
        input.regionCode = "410902001000"
        input.latitude = 91
        input.living = "rooftop"
        input.enrolledOn = "2030-01-01"
        input.categories = [.init(category: "高龄"), .init(category: "unknown"), .init(category: "低保", since: "2021-01-01", until: "2020-01-01")]
        input.contacts = [.init(name: "王强", relation: "儿子", phone: nil)]
        let checked = input.validate(today: Self.today, defaultSource: "录入")
        #expect(checked.record == nil)
        #expect(
            checked.problems.map(\.field) == [
                "citizenId", "name", "phone", "regionCode", "latitude", "living", "enrolledOn",
                "categories[0]", "categories[1]", "categories[2].until", "contacts[0].phone",
            ])
        #expect(
            checked.problems.map(\.code) == [
                "citizen_id_check", "required", "phone_invalid", "elder_region_not_village",
                "out_of_range", "living_invalid", "date_in_future", "category_derived",
                "category_invalid", "date_order", "required",
            ])
    }

    @Test(arguments: ["张三", "王二小", "八十寿", "欧阳·娜娜"])
    func chineseNumeralsAreNameCharacters(_ name: String) {
        var input = Self.good
        input.name = name
        #expect(input.validate(today: Self.today, defaultSource: "录入").record?.name == name)
    }

    @Test(arguments: ["王1", "王１", "<b>王</b>"])
    func digitsAndMarkupAreNot(_ name: String) {
        var input = Self.good
        input.name = name
        #expect(input.validate(today: Self.today, defaultSource: "录入").problems.map(\.code) == ["name_invalid"])
    }

    @Test func aLegacyNumberIsUpgradedWithAWarning() throws {
        var input = Self.good
        input.citizenID = "410902450315123"
        let checked = input.validate(today: Self.today, defaultSource: "导入")
        #expect(try #require(checked.record).citizenID.value == "410902194503151238")
        #expect(checked.warnings.map(\.code) == ["citizen_id_upgraded"])
    }

    @Test func statusChangesFollowTheRules() {
        #expect(ElderStatus.active.canChange(to: .deceased) && ElderStatus.movedAway.canChange(to: .active))
        #expect(!ElderStatus.deceased.canChange(to: .active) && !ElderStatus.active.canChange(to: .active))
    }
}
