import Testing
import YanglaoCore

@Suite struct CitizenIDTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 24)!

    struct Valid: Sendable, CustomTestStringConvertible {
        let input: String, value: String, birth: String, sex: Sex, legacy: Bool
        var testDescription: String { input }
    }

    @Test(arguments: [
        Valid(input: "11010519491231002X", value: "11010519491231002X", birth: "1949-12-31", sex: .female, legacy: false),
        Valid(input: "11010519491231002x", value: "11010519491231002X", birth: "1949-12-31", sex: .female, legacy: false),
        Valid(input: " 410902194503151238\u{3000}", value: "410902194503151238", birth: "1945-03-15", sex: .male, legacy: false),
        Valid(input: "410928193602290048", value: "410928193602290048", birth: "1936-02-29", sex: .female, legacy: false),
        Valid(input: "410902200002290019", value: "410902200002290019", birth: "2000-02-29", sex: .male, legacy: false),
        Valid(input: "410902450315123", value: "410902194503151238", birth: "1945-03-15", sex: .male, legacy: true),
    ])
    func validNumbersAreNormalisedAndRead(_ c: Valid) throws {
        let id = try CitizenID(c.input, today: Self.today)
        #expect(id.value == c.value)
        #expect(id.birthDate.description == c.birth)
        #expect(id.sex == c.sex)
        #expect(id.upgradedFromLegacy == c.legacy)
        #expect(id.addressCode == String(c.value.prefix(6)))
    }

    @Test(arguments: [
        ("", CitizenID.Problem.empty),
        ("41090219450315123", .length(17)),
        ("4109021945031512388", .length(19)),
        ("41090219450315123Y", .character(position: 18, found: "Y")),
        ("4109021945031512X8", .character(position: 17, found: "X")),
        ("41090219450315X", .character(position: 15, found: "X")),
        ("4109021945O3151238", .character(position: 11, found: "O")),
        ("991090194503151238", .province("99")),
        ("410902194502301234", .birthDate("19450230")),
        ("410902190102291234", .birthDate("19010229")),
        ("410902187001011234", .birthDate("18700101")),
        ("410902202712011234", .birthDateInFuture(CalendarDate(year: 2027, month: 12, day: 1)!)),
        ("410902194503151237", .checkCharacter(expected: "8", found: "7")),
        ("11010519491231002Y", .character(position: 18, found: "Y")),
        ("110105194912310021", .checkCharacter(expected: "X", found: "1")),
        ("410902451315123", .birthDate("19451315")),
        // Full-width digits and Chinese characters are counted as characters, not bytes.
        ("41090219450315123８", .character(position: 18, found: "８")),
        ("４10902194503151238", .character(position: 1, found: "４")),
        ("4109021945031512号", .length(17)),
        ("\u{3000}41090219450315123y ", .character(position: 18, found: "Y")),
    ])
    func invalidNumbersSayWhatIsWrong(_ input: String, _ problem: CitizenID.Problem) {
        #expect(throws: problem) { try CitizenID(input, today: Self.today) }
    }

    @Test func theCheckCharacterFollowsMod11() {
        #expect(CitizenID.checkCharacter(for: "11010519491231002") == "X")
        #expect(CitizenID.checkCharacter(for: "44052418800101001") == "4")
    }

    @Test func masksKeepTheCountyAndTheLastFour() throws {
        #expect(Masking.citizenID("41090219450315123X") == "410902********123X")
        #expect(try PhoneNumber("138 1234 5678").masked == "138****5678")
        #expect(try PhoneNumber("0393-6996169").masked == "0393-***6169")
    }
}

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("13812345678", "13812345678"), ("+86 138-1234-5678", "13812345678"), ("8613812345678", "13812345678"),
        ("0393-6996169", "0393-6996169"), ("03936996169", "0393-6996169"),
        ("(010)12345678".replacingOccurrences(of: "1234", with: "6234"), "010-62345678"),
        ("（0393）6996169", "0393-6996169"),
    ])
    func acceptedShapesAreNormalised(_ input: String, _ value: String) throws {
        #expect(try PhoneNumber(input).value == value)
    }

    @Test(arguments: [
        ("", PhoneNumber.Problem.empty), ("1381234567", .shape("1381234567")), ("12812345678", .shape("12812345678")),
        ("138a2345678", .character("a")), ("0393-12345", .shape("0393-12345")),
    ])
    func otherShapesAreRejected(_ input: String, _ problem: PhoneNumber.Problem) {
        #expect(throws: problem) { try PhoneNumber(input) }
    }
}

@Suite struct CalendarDateTests {
    @Test func agesCountWholeYearsAndLeapBirthdaysMoveToMarch() {
        let leap = CalendarDate(year: 1936, month: 2, day: 29)!
        #expect(leap.age(on: CalendarDate(year: 2026, month: 2, day: 28)!) == 89)
        #expect(leap.age(on: CalendarDate(year: 2026, month: 3, day: 1)!) == 90)
        #expect(leap.anniversary(90) == CalendarDate(year: 2026, month: 3, day: 1)!)
        #expect(CalendarDate(year: 2026, month: 11, day: 24)!.latestBirthDate(forAge: 80) == CalendarDate(year: 1946, month: 11, day: 24)!)
    }

    @Test(arguments: ["1945-03-15", "1945/3/15", "19450315", "1945.03.15"])
    func spreadsheetShapesParse(_ text: String) {
        #expect(CalendarDate(text) == CalendarDate(year: 1945, month: 3, day: 15))
    }

    @Test(arguments: ["1945-02-30", "45-03-15", "1945-3", "abcd-ef-gh", "", "2023-02-29"])
    func impossibleDatesDoNotParse(_ text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test func ageBandsCoverEveryAge() {
        #expect(AgeBand(age: 59) == .under60)
        #expect(AgeBand(age: 60) == .from60 && AgeBand(age: 64) == .from60 && AgeBand(age: 65) == .from65)
        #expect(AgeBand(age: 89) == .from85 && AgeBand(age: 90) == .from90 && AgeBand(age: 99) == .from90)
        #expect(AgeBand(age: 100) == .from100 && AgeBand(age: 112) == .from100)
        #expect(AgeBand.allCases.map(\.lowerAge) == [0, 60, 65, 70, 75, 80, 85, 90, 100])
    }
}
