import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport
import YanglaoWeb

/// 统计数据公开: the public page needs no sign-in, shows only totals, and no count below the
/// smallest count in force.
@Suite struct PublicStatisticsTests {
    /// Every number in a table cell or a tile with a count's unit (人, 单, 起, 次).
    func counts(in body: String) -> [Int] {
        let pattern = #"(?:<td class="num">|<span class="value">)(\d+) (?:人|单|起|次)<"#
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: body, range: NSRange(body.startIndex..., in: body)).map {
            Int(body[Range($0.range(at: 1), in: body)!])!
        }
    }

    @Test func anyoneReadsTheTotalsAndNoCountBelowTheSmallestIsShown() async throws {
        try await withTestApp { app in
            try await DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher).buildElders(
                on: app.db, protection: app.dataProtection)
            let visitor = Browser(app: app)
            let start = try await visitor.get("/statistics")
            #expect(start.status == .seeOther && start.headers.first(name: .location) == "/statistics/410900000000")
            let city = try await visitor.get("/statistics/410900000000")
            #expect(city.status == .ok && city.body.contains("濮阳市 · 养老服务统计公开"))
            #expect(!counts(in: city.body).isEmpty)
            #expect(counts(in: city.body).allSatisfy { $0 >= ReportSettings.defaultSmallCell })
            // Totals only: nothing leads to people or orders.
            #expect(!city.body.contains("href=\"/elders") && !city.body.contains("href=\"/orders") && !city.body.contains("/cockpit/"))

            // A village of the tiny demo has 8 people: the officer sees 8, the public "<10".
            let village = "410902001001"
            let officer = CockpitService(app.context(as: try await app.actor("city")))
            let reading = try await officer.read(try RegionCode(village), period: StatPeriod("2026")!)
            let people = try #require(reading.figure("people.total")?.value)
            #expect(people < 10)
            let page = try await visitor.get("/statistics/\(village)?period=2026")
            #expect(page.status == .ok && page.body.contains("&lt;10"))
            #expect(counts(in: page.body).allSatisfy { $0 >= 10 })

            // The city raises the smallest count: the county's townships follow it.
            let settings = ReportSettingsService(app.context(as: try await app.actor("city")))
            _ = try await settings.set(
                try RegionCode("410900000000"), weights: WeightedRanking.defaults, smallCell: 40,
                figures: app.storeNode.figureSources?.flatMap(\.figures) ?? [])
            let county = try await visitor.get("/statistics/410902000000?period=2026")
            #expect(county.body.contains("&lt;40") && counts(in: county.body).allSatisfy { $0 >= 40 })

            // Against the officer's numbers: every value shown rests on at least 40 records.
            let published = try await PublicStatistics(
                database: app.db, protection: app.dataProtection, today: .today(), node: app.storeNode
            ).read(try RegionCode("410902000000"), period: StatPeriod("2026")!)
            let full = try await officer.read(try RegionCode("410902000000"), period: StatPeriod("2026")!)
            for figure in published.figures {
                let truth = try #require(full.figure(figure.definition.key))
                if !figure.hidden { #expect((truth.support ?? 0) >= 40, "\(figure.definition.key)") }
                for (i, hidden) in figure.hiddenByChild.enumerated() where !hidden {
                    #expect((truth.supportByChild[i] ?? 0) >= 40, "\(figure.definition.key) child \(i)")
                }
            }
            #expect(try await visitor.get("/statistics/410999000000").status == .notFound)
            #expect(try await visitor.get("/statistics/abc").status == .badRequest)
            #expect(try await visitor.get("/statistics/410900000000?period=2026-13").status == .badRequest)
        }
    }
}
