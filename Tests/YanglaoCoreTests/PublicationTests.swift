import Testing
import YanglaoCore

@Suite struct SmallCellTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let support: [Int?]
        let parts: [Double?]
        let whole: Double?
        let hidden: [Bool]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "nothing small", support: [30, 40], parts: [30, 40], whole: 70, hidden: [false, false]),
        Case(
            name: "one small part of a shown whole takes the smallest other with it", support: [12, 3, 20], parts: [12, 3, 20], whole: 35,
            hidden: [true, true, false]),
        Case(
            name: "without a shown whole only the small part", support: [12, 3, 20], parts: [12, 3, 20], whole: nil, hidden: [false, true, false]),
        Case(
            name: "parts that do not add up (categories overlap): only the small part", support: [12, 3], parts: [12, 3], whole: 100,
            hidden: [false, true]),
        Case(
            name: "two small parts together below the minimum take a third", support: [30, 4, 5], parts: [30, 4, 5], whole: 39,
            hidden: [true, true, true]),
        Case(name: "zeros are below the minimum too", support: [0, 0, 50], parts: [0, 0, 50], whole: 50, hidden: [true, true, true]),
        Case(name: "an amount is hidden by its count", support: [20, 3, 40], parts: [2000, 300, 4000], whole: 6300, hidden: [true, true, false]),
        Case(name: "an amount without a count is never shown", support: [nil, 40], parts: [100, 4000], whole: nil, hidden: [true, false]),
    ]

    @Test(arguments: cases) func suppression(_ c: Case) {
        #expect(SmallCells.hidden(support: c.support, parts: c.parts, whole: c.whole, minimum: 10) == c.hidden)
    }

    @Test func aFigureRestsOnItsSmallestCount() {
        let layout = SlotLayout(["n", "good", "fen", "seconds"])
        let counts = [40, 7, 90_000, 1_200]
        #expect(FigureDefinition("a", .total(.slot("n")), unit: .orders).support(counts, layout) == 40)
        #expect(FigureDefinition("a", .share(.slot("good"), of: .slot("n")), unit: .share).support(counts, layout) == 7)
        #expect(FigureDefinition("a", .mean(.slot("seconds"), per: .slot("n")), unit: .minutes).support(counts, layout) == 40)
        #expect(FigureDefinition("a", .total(.slot("fen")), unit: .yuan).support(counts, layout) == nil)
        #expect(FigureDefinition("a", .total(.slot("fen")), unit: .yuan, countedBy: .slot("good")).support(counts, layout) == 7)
        #expect(FigureDefinition("a", .share(.slot("n"), of: .population(.aged60)), unit: .share).support(counts, layout) == 40)
        #expect(FigureDefinition("a", .total(.population(.aged60)), unit: .people).support(counts, layout) == Int.max)
    }
}

@Suite struct TargetProgressTests {
    static let start = CalendarDate(year: 2026, month: 1, day: 1)!
    static let deadline = CalendarDate(year: 2026, month: 12, day: 31)!

    struct Case: Sendable, CustomTestStringConvertible {
        let current: Double?
        let today: String
        let state: TargetState
        var testDescription: String { "\(current.map { String($0) } ?? "none") on \(today) → \(state)" }
    }

    static let cases: [Case] = [
        Case(current: 100, today: "2026-03-01", state: .met),
        Case(current: 120, today: "2027-02-01", state: .met),
        Case(current: 50, today: "2026-07-01", state: .onTrack),
        // Half the year gone, 35 % reached: more than 10 points behind.
        Case(current: 35, today: "2026-07-02", state: .atRisk),
        Case(current: 99, today: "2027-01-01", state: .late),
        Case(current: nil, today: "2026-05-01", state: .unknown),
        Case(current: nil, today: "2027-01-01", state: .late),
    ]

    @Test(arguments: cases) func state(_ c: Case) {
        let state = TargetProgress.state(current: c.current, target: 100, start: Self.start, deadline: Self.deadline, today: CalendarDate(c.today)!)
        #expect(state == c.state)
    }

    @Test func fractionAndElapsed() {
        #expect(TargetProgress.fraction(current: 30, target: 60) == 0.5 && TargetProgress.fraction(current: nil, target: 60) == nil)
        #expect(TargetProgress.elapsed(start: Self.start, deadline: Self.deadline, today: Self.start) == 0)
        #expect(TargetProgress.elapsed(start: Self.start, deadline: Self.deadline, today: CalendarDate(year: 2028, month: 1, day: 1)!) == 1)
    }
}
