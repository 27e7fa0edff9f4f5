import Testing
import YanglaoCore

@Suite struct FeedRulesTests {
    @Test func eachEventHasItsConsequence() throws {
        let id = try CitizenID("410902194503151238", today: CalendarDate(year: 2026, month: 11, day: 24)!)
        let day = CalendarDate(year: 2026, month: 11, day: 1)!
        func of(_ e: FeedEvent, _ detail: String = "") -> FeedConsequence {
            FeedRules.consequence(of: FeedRecord(citizenID: id, event: e, date: day, detail: detail))
        }
        #expect(of(.death) == FeedConsequence(changes: [.markDeceased(day)], workItem: .verifyDeath))
        #expect(of(.moveOut).changes.isEmpty && of(.moveOut).workItem == .confirmMoveOut)
        #expect(of(.disabilityCertificate, "二级").changes == [.startCategory(.severeDisability, since: day)])
        #expect(of(.disabilityCertificate, "3").changes.isEmpty && of(.disabilityCertificate, "level 1").changes.count == 1)
        #expect(of(.minimumLivingEnd).changes == [.endCategory(.minimumLiving, until: day)])
    }

    @Test func milestonesFallOnTheBirthdayAndLeapBirthdaysOnTheFirstOfMarch() {
        let leap = CalendarDate(year: 1936, month: 2, day: 29)!
        #expect(FeedRules.milestones(birth: leap, after: CalendarDate("2026-02-28")!, upTo: CalendarDate("2026-03-01")!).map(\.age) == [90])
        #expect(FeedRules.milestones(birth: leap, after: CalendarDate("2026-03-01")!, upTo: CalendarDate("2026-03-05")!).isEmpty)
        let born = CalendarDate("1946-11-24")!
        #expect(FeedRules.milestones(birth: born, after: CalendarDate("2026-11-23")!, upTo: CalendarDate("2026-11-24")!).map(\.age) == [80])
        #expect(
            CalendarDate("2026-03-01")!.addingDays(-1) == CalendarDate("2026-02-28")
                && CalendarDate("2024-02-29")!.addingYears(-1) == CalendarDate("2023-02-28"))
        #expect(
            CalendarDate(dayNumber: 0) == CalendarDate("1970-01-01")
                && CalendarDate("2000-03-01")!.dayNumber - CalendarDate("2000-02-28")!.dayNumber == 2)
    }
}
