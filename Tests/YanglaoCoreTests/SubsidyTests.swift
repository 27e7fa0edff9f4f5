import Foundation
import Testing
import YanglaoCore

@Suite struct SubsidyTests {
    static let november = CalendarMonth("2026-11")!
    static func person(
        born: String, categories: [ElderCategory] = [], level: AbilityLevel? = nil,
        status: ElderStatus = .active, since: String? = nil
    ) -> PersonSubject {
        PersonSubject(
            key: born,
            facts: PersonFacts(
                birthDate: CalendarDate(born)!, status: status, region: RegionCode(validated: "410902001001"),
                householdLocal: true, categories: categories.map { CategoryMembership(category: $0, source: "x") },
                abilityLevel: level),
            statusSince: since.flatMap(CalendarDate.init))
    }
    static let allowance = ExampleSubsidySchemes.person[0]

    @Test func turningEightyCountsFromTheConfiguredMonthWithTheReason() throws {
        let turning = Self.person(born: "1946-11-20")
        // Default: from the next month.
        #expect(SubsidyCalculator.outcome(of: Self.allowance, for: turning, in: Self.november).line == nil)
        let december = try #require(SubsidyCalculator.outcome(of: Self.allowance, for: turning, in: Self.november.next).line)
        #expect(december.fen == 5_000)
        #expect(december.explanation.contains("年满80周岁（80周岁（1946-11-20 出生））") && december.explanation.contains("80–89周岁 每月 50 元"))
        // Configured to count the birthday month.
        var sameMonth = Self.allowance
        sameMonth.timing = .sameMonth
        #expect(SubsidyCalculator.outcome(of: sameMonth, for: turning, in: Self.november).line?.fen == 5_000)
        // Bands: 90 and 100.
        #expect(SubsidyCalculator.outcome(of: Self.allowance, for: Self.person(born: "1930-01-01"), in: Self.november).line?.fen == 10_000)
        #expect(SubsidyCalculator.outcome(of: Self.allowance, for: Self.person(born: "1920-01-01"), in: Self.november).line?.fen == 30_000)
    }

    @Test func aDeathOnTheThirdIsPaidThatMonthAndNeverAfter() {
        let died = Self.person(born: "1930-01-01", status: .deceased, since: "2026-11-03")
        #expect(SubsidyCalculator.outcome(of: Self.allowance, for: died, in: Self.november).line != nil)
        let december = SubsidyCalculator.outcome(of: Self.allowance, for: died, in: Self.november.next)
        #expect(december.line == nil && december.reason.contains("已死亡"))
        let movedBefore = Self.person(born: "1930-01-01", status: .movedAway, since: "2026-10-15")
        #expect(SubsidyCalculator.outcome(of: Self.allowance, for: movedBefore, in: Self.november).line == nil)
    }

    @Test func changesBetweenMonthsAreNewStoppedOrChangedWithReasons() {
        let schemes = ExampleSubsidySchemes.person
        let people = [
            Self.person(born: "1936-11-10"), Self.person(born: "1946-11-20"),
            Self.person(born: "1930-01-01", status: .deceased, since: "2026-11-03"),
            Self.person(born: "1950-05-05", categories: [.minimumLiving], level: .severe),
        ]
        let nov = SubsidyCalculator.lines(schemes, people, in: Self.november)
        let dec = SubsidyCalculator.lines(schemes, people, in: Self.november.next)
        #expect(nov.filter { $0.form == .voucher }.count == 1)
        let changes = SubsidyChanges.between(nov, dec) { line in
            SubsidyCalculator.outcome(
                of: schemes.first { $0.code == line.scheme }!, for: people.first { $0.subjectKey == line.subjectKey }!,
                in: Self.november.next
            ).reason
        }
        #expect(
            Set(changes.map { "\($0.kind.rawValue) \($0.subjectKey) \($0.beforeFen ?? 0)→\($0.afterFen ?? 0)" }) == [
                "changed 1936-11-10 5000→10000",  // turned 90 in November: the new band from December
                "new 1946-11-20 0→5000",  // turned 80 in November
                "stopped 1930-01-01 10000→0",  // died on 3 November
            ])
        #expect(changes.first { $0.kind == .stopped }?.reason.contains("已死亡") == true)
        #expect(SubsidyChanges.between(nov, nov) { _ in "" }.isEmpty)
    }

    /// A scheme with no conditions at all still pays only people in the register: the run
    /// loads people of every status, and the dead and the moved must never be paid.
    @Test func aSchemeWithoutConditionsPaysNobodyWhoIsDeceasedOrMovedAway() {
        let everyone = SubsidyScheme(code: "flat", name: "普惠补贴", amount: .fixed(fen: 2_000))
        #expect(SubsidyCalculator.outcome(of: everyone, for: Self.person(born: "1950-01-01"), in: Self.november).line?.fen == 2_000)
        for status in [ElderStatus.deceased, .movedAway] {
            let gone = Self.person(born: "1950-01-01", status: status, since: "2026-10-01")
            let outcome = SubsidyCalculator.outcome(of: everyone, for: gone, in: Self.november)
            #expect(outcome.line == nil && outcome.reason.contains(status.chineseName), "\(status)")
        }
        let lines = SubsidyCalculator.lines(
            [everyone], [Self.person(born: "1950-01-01"), Self.person(born: "1951-01-01", status: .deceased, since: "2026-09-09")],
            in: Self.november)
        #expect(lines.map(\.subjectKey) == ["1950-01-01"])
    }

    /// What the example schemes pay agrees with what the example service lists promise.
    @Test func theExampleSchemesPayWhatTheExampleListsPromise() {
        for (schemes, list) in [(ExampleSubsidySchemes.person, ExampleServiceLists.city), (ExampleSubsidySchemes.county, ExampleServiceLists.county)]
        {
            for scheme in schemes {
                guard let item = list.first(where: { $0.code == scheme.code }) else { continue }
                let first: Int
                switch scheme.amount {
                case .fixed(let fen): first = fen
                case .bands(_, let bands): first = bands.map(\.fen).min()!
                case .perUnit: continue
                }
                #expect(item.standard.kind == .amount && item.standard.period == .month && item.standard.value == first, "\(scheme.code)")
            }
        }
    }

    /// A list's figure is compared per month with the scheme's (its first band for bands);
    /// an amount per unit cannot be stated by one figure and is left alone.
    @Test func aListedAmountIsComparedPerMonthWithTheSchemeThatPaysIt() {
        var items = ExampleServiceLists.city
        let allowance = items.firstIndex { $0.code == "advanced_age_allowance" }!
        items[allowance].standard = .yuan(600, per: .year)
        #expect(ListedAmounts.problems(list: items, schemes: ExampleSubsidySchemes.person, publishing: .list).isEmpty)
        items[allowance].standard = .yuan(55, per: .month)
        let problems = ListedAmounts.problems(list: items, schemes: ExampleSubsidySchemes.person, publishing: .schemes)
        #expect(problems.map(\.field) == ["schemes[advanced_age_allowance].amount"])
        #expect(problems.first?.arguments == ["item": "高龄津贴", "listed": "每月 55 元", "paid": "每月 50 元"])
        let perBed = SubsidyScheme(code: "advanced_age_allowance", name: "高龄津贴", amount: .perUnit(fact: "beds", fen: 100))
        #expect(ListedAmounts.problems(list: items, schemes: [perBed], publishing: .list).isEmpty)
    }

    @Test func schemesReadInWords() {
        #expect(Self.allowance.eligibility?.chineseText == "在册，且本地户籍，且年满80周岁")
        #expect(Self.allowance.amountText == "80–89周岁 每月 50 元；90–99周岁 每月 100 元；100周岁及以上 每月 300 元")
        let nested = EligibilityCondition.all([.inRegister, .any([.abilityAtLeast(.moderate), .category(.livingAlone)]), .not(.localHousehold)])
        #expect(nested.chineseText == "在册，且（能力等级为中度失能或更重，或属于独居），且不满足“本地户籍”")
    }

    @Test func monthsReadAndCount() throws {
        #expect(CalendarMonth("2026-02")?.lastDay == CalendarDate("2026-02-28")!)
        #expect(CalendarMonth("2026-12")?.next.description == "2027-01")
        #expect(CalendarMonth("2026-1") == nil && CalendarMonth("2026-13") == nil && CalendarMonth("x") == nil)
        #expect(try JSONDecoder().decode([CalendarMonth].self, from: Data(#"["2026-11"]"#.utf8)) == [Self.november])
    }
}

@Suite struct CalendarDateParsingTests {
    /// The stored form has a fast path; it must agree with the general parser on every kind of text.
    @Test func theStoredFormAndTheOthersParseAlike() {
        #expect(CalendarDate("2026-11-24") == CalendarDate(year: 2026, month: 11, day: 24))
        #expect(CalendarDate("2028-02-29") != nil && CalendarDate("2026-02-29") == nil && CalendarDate("2026-13-01") == nil)
        #expect(CalendarDate("2026-1-024") == nil && CalendarDate("2026/11/24") == CalendarDate("2026-11-24"))
        #expect(CalendarDate("20261124") == CalendarDate("2026-11-24") && CalendarDate("2026-11-2x") == nil && CalendarDate("２０２６-11-24") == nil)
    }
}

@Suite struct BankAccountTests {
    @Test func accountNumbersAreDigitsOfAPlausibleLengthAndMaskToFirstAndLastFour() throws {
        let n = try BankAccountNumber("6222 0212-3456 7890 123")
        #expect(n.value == "6222021234567890123" && n.masked == "6222***********0123")
        #expect(throws: BankAccountNumber.Problem.length(8)) { _ = try BankAccountNumber("12345678") }
        #expect(throws: BankAccountNumber.Problem.notDigits) { _ = try BankAccountNumber("6222O212345678901") }
        #expect(throws: BankAccountNumber.Problem.empty) { _ = try BankAccountNumber("  ") }
    }
}
