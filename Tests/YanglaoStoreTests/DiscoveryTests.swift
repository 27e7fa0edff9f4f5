import Fluent
import Foundation
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

@Suite struct DiscoveryTests {
    func discovery(_ app: Application, _ username: String) async throws -> DiscoveryService {
        DiscoveryService(app.context(as: try await app.actor(username), today: People.today))
    }

    @Test func aDeathFeedMarksThePersonDeceasedAndRaisesAWorkItem() async throws {
        try await withTestApp { app in
            let county = try await discovery(app, "county.410902")
            let wang = try await ElderService(county.context).create(People.input(People.wang, name: "王大爷"))
            let city = try await discovery(app, "city")
            let feed: [DiscoveryService.FeedInput] = [
                .init(citizenId: People.wang, event: "死亡", date: "2026-11-20", detail: "医院死亡证明"),
                .init(citizenId: People.zhao, event: "death", date: "2026-11-20", detail: nil),  // nobody in the register
                .init(citizenId: "410902194503151237", event: "death", date: "2026-11-20", detail: nil),  // bad ID
                .init(citizenId: People.wang, event: "chronic_illness", date: "2026-11-20", detail: nil),  // wrong source
            ]
            let report = try await city.receive(source: .publicSecurity, feed)
            #expect((report.matched, report.unmatched, report.rejected, report.changesApplied, report.workItems) == (1, 1, 2, 1, 1))
            #expect(report.problems.map(\.error.code) == ["citizen_id_check", "feed_event_source"])
            let dead = try #require(try await ElderModel.find(wang.id, on: app.db))
            #expect(dead.status == "deceased" && dead.statusDate == "2026-11-20")

            // The village sees the work item; the same feed again changes nothing.
            let village = try await discovery(app, "village.410902001001")
            let items = try await village.workItems(.init(), page: ListPage())
            #expect(items.total == 1 && items.items[0].item.kind == "verify_death" && items.items[0].item.applied == "status=deceased")
            let again = try await city.receive(source: .publicSecurity, feed)
            #expect(again.duplicates == 2 && again.workItems == 0)
            #expect(try await city.unmatched(page: ListPage()).total == 1)
            #expect(try await city.unmatched(page: ListPage()).items[0].idMasked == "410922********0025")

            // Another village does not see it, and only city-wide roles may send feeds.
            #expect(try await discovery(app, "village.410902001002").workItems(.init(), page: ListPage()).total == 0)
            await #expect(throws: AppError(.forbidden, "feeds_forbidden")) { _ = try await village.receive(source: .health, []) }

            let done = try await village.resolve(items.items[0].item.id!, as: .done, note: "已核实")
            #expect(done.status == "done" && done.resolvedBy == "village.410902001001")
            await #expect(throws: AppError(.conflict, "work_item_closed", field: "status", ["status": "done"])) {
                _ = try await village.resolve(items.items[0].item.id!, as: .dismissed, note: nil)
            }
        }
    }

    @Test func civilAffairsAndDisabilityChangeCategoriesAtOnce() async throws {
        try await withTestApp { app in
            let county = try await discovery(app, "county.410902")
            let li = try await ElderService(county.context).create(
                People.input(People.li, name: "李奶奶", categories: [.init(category: "低保", since: "2020-01-01")]))
            let city = try await discovery(app, "city")
            _ = try await city.receive(
                source: .civilAffairs,
                [
                    .init(citizenId: People.li, event: "minimum_living_end", date: "2026-10-31", detail: nil),
                    .init(citizenId: People.li, event: "纳入特困", date: "2026-11-01", detail: nil),
                ])
            _ = try await city.receive(
                source: .disability, [.init(citizenId: People.li, event: "disability_certificate", date: "2026-11-02", detail: "一级 肢体")])
            let cats = try await ElderService(county.context).categories(of: li.id!)
            #expect(Set(cats.filter { $0.isActive(on: People.today) }.map(\.category)) == [.extremePoverty, .severeDisability])
            #expect(cats.first { $0.category == .minimumLiving }?.until == CalendarDate("2026-10-31"))
            #expect(try await county.workItems(.init(), page: ListPage()).total == 3)
        }
    }

    @Test func theDailyRunFlagsPeopleTurning80Or90Or100Once() async throws {
        try await withTestApp { app in
            let county = try await discovery(app, "county.410902")
            // 1946-11-24 turns 80 today (2026-11-24); check character computed.
            let id80 = "41090219461124" + "002"
            let full = id80 + String(CitizenID.checkCharacter(for: id80))
            _ = try await ElderService(county.context).create(People.input(full, name: "八十寿"))
            _ = try await ElderService(county.context).create(People.input(People.wang, name: "王大爷"))
            let first = try await county.runDaily()
            #expect(first.since == CalendarDate("2026-11-23") && first.raised == 1)
            #expect(try await county.discoverMilestones(since: CalendarDate("2026-11-23")!) == 0)  // already raised
            #expect(try await county.runDaily().raised == 0)
            let items = try await county.workItems(.init(), page: ListPage())
            #expect(items.items.map(\.item.kind) == ["reached_age_80"] && items.items[0].elder.name == "八十寿")
        }
    }
}
