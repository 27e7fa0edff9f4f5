import Testing
import YanglaoCore

@Suite struct StatisticsTests {
    @Test func periodsReadTheirTextAndKnowTheirNeighbours() throws {
        let month = try #require(StatPeriod("2026-11"))
        #expect(month.months.map(\.description) == ["2026-11"] && month.previous.description == "2026-10")
        #expect(month.sameLastYear.description == "2025-11")
        let quarter = try #require(StatPeriod("2026-Q4"))
        #expect(quarter.months.map(\.description) == ["2026-10", "2026-11", "2026-12"])
        #expect(quarter.previous.description == "2026-Q3" && quarter.sameLastYear.description == "2025-Q4")
        #expect(StatPeriod("2026-Q1")?.previous.description == "2025-Q4")
        let year = try #require(StatPeriod("2026"))
        #expect(year.months.count == 12 && year.last.description == "2026-12" && year.chineseName == "2026年")
        for bad in ["2026-13", "2026-Q5", "26", "2026-Q", "", "2026-1"] { #expect(StatPeriod(bad) == nil, "\(bad)") }
        #expect(StatPeriod(.quarter, containing: CalendarMonth("2026-05")!).description == "2026-Q2")
    }

    @Test func aLayoutWritesAndReadsItsCountsAndRefusesAnythingElse() {
        let layout = SlotLayout(["a", "b.x", "b.y"])
        #expect(layout.counts(SlotLayout.text([3, -1, 0])) == [3, -1, 0])
        for bad in ["1,2", "1,2,3,4", "1,,3", "1,2,x", "", "1,2,-"] { #expect(layout.counts(bad) == nil, "\(bad)") }
        #expect(layout.slots(prefixed: "b.") == [1, 2])
        #expect(layout.code != SlotLayout(["a", "b.y", "b.x"]).code)
    }

    @Test func figuresFollowTheirFormula() {
        let layout = SlotLayout(["orders", "served", "wait.n", "wait.seconds"])
        let counts = [10, 8, 4, 600]
        let people = PopulationFigures(year: 2025, residents: 1000, aged60: 200, aged65: nil, aged80: nil, source: "")
        #expect(FigureDefinition("x", .total(.slot("orders")), unit: .orders).value(counts, layout, population: nil) == 10)
        #expect(FigureDefinition("x", .share(.slot("served"), of: .slot("orders")), unit: .share).value(counts, layout, population: nil) == 0.8)
        #expect(
            FigureDefinition("x", .mean(.slot("wait.seconds"), per: .slot("wait.n")), unit: .minutes).value(counts, layout, population: nil) == 150)
        #expect(
            FigureDefinition("x", .share(.slot("orders"), of: .population(.aged60)), unit: .share).value(counts, layout, population: people) == 0.05)
        #expect(
            FigureDefinition("x", .share(.slot("orders"), of: .population(.aged65)), unit: .share).value(counts, layout, population: people) == nil)
        #expect(FigureDefinition("x", .share(.slot("orders"), of: .slot("none")), unit: .share).value(counts, layout, population: nil) == nil)
        #expect(FigureUnit.minutes.text(150) == "2.5" && FigureUnit.yuan.text(12345) == "123.45" && FigureUnit.share.text(0.8) == "80.0%")
        #expect(FigureUnit.share.number(0.12345) == 12.3 && FigureUnit.yuan.number(12345) == 123.45)
    }

    @Test func anIndexSumsARegionByPeriodChildAndMonth() {
        let rows = [
            TallyRow(region: "410902001001", month: "2026-11", counts: [2]),
            TallyRow(region: "410902001002", month: "2026-11", counts: [3]),
            TallyRow(region: "410902002001", month: "2026-10", counts: [5]),
            TallyRow(region: "410902002001", month: "2025-11", counts: [7]),
            TallyRow(region: "410922001001", month: "2026-11", counts: [100]),
        ]
        let november = StatPeriod("2026-11")!
        var index = TallyIndex(width: 1, rows: rows)
        let trend = [CalendarMonth("2026-10")!, CalendarMonth("2026-11")!]
        let sums = index.sum(prefix: "410902", children: ["410902001", "410902002", "410902003"], period: november, trend: trend)
        #expect(sums.period == [5] && sums.previous == [5] && sums.lastYear == [7])
        #expect(sums.byChild == ["410902001": [5], "410902002": [0]])
        #expect(sums.byMonth == ["2026-10": [5], "2026-11": [5]])
        #expect(index.sum(prefix: "4109", children: ["410902", "410922"], period: november, trend: []).byChild == ["410902": [5], "410922": [100]])

        // A tally that changes moves every level by the difference; one of another width is left out.
        index.set(TallyRow(region: "410902001002", month: "2026-11", counts: [10]))
        index.set(TallyRow(region: "410902001003", month: "2026-11", counts: [1, 1]))
        let changed = index.sum(prefix: "4109", children: ["410902"], period: november, trend: [])
        #expect(changed.period == [112] && changed.byChild == ["410902": [12]] && index.count == 5)
        index.set(TallyRow(region: "410922001001", month: "2026-11", counts: [0]))
        #expect(index.sum(prefix: "41", children: [], period: november, trend: []).period == [12])

        let state = TallyIndex(width: 1, rows: [TallyRow(region: "410902001001", month: "", counts: [4])])
            .sum(prefix: "4109", children: ["410902"], period: november, trend: trend)
        #expect(state.period == [4] && state.lastYear == [4] && state.byChild == ["410902": [4]] && state.byMonth.isEmpty)
    }
}

@Suite struct WeightedRankingTests {
    @Test func theBestGetsAHundredTheWorstNoneAndTheWeightsDecide() {
        // Two figures: a rate (higher better) weighted 3, a time (lower better) weighted 1.
        let entries = WeightedRanking.rank(
            values: [[0.9, 30], [0.5, 10], [0.7, nil]], weights: [3, 1], higherIsBetter: [true, false])
        #expect(entries.map(\.index) == [0, 2, 1])
        #expect(entries[0].points == [100, 0] && entries[0].score == 75)
        #expect(entries[1].points.map { $0.rounded() } == [50, 0] && entries[1].score == 37.5)
        #expect(entries[2].points == [0, 100] && entries[2].score == 25)
        #expect(entries.map(\.rank) == [1, 2, 3])
    }

    @Test func equalScoresShareARankAndAllEqualValuesScoreFull() {
        let entries = WeightedRanking.rank(values: [[1], [1], [nil]], weights: [5], higherIsBetter: [true])
        #expect(entries.map(\.rank) == [1, 1, 3] && entries.map(\.score) == [100, 100, 0])
    }
}
