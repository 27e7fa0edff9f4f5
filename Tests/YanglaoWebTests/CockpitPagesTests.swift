import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// The cockpit's pages and API: scope, drill-down to the people behind a number, bad input.
@Suite struct CockpitPagesTests {
    /// The `href` of the element with `id`.
    func href(_ id: String, in body: String) -> String? {
        guard let range = body.range(of: "id=\"\(id)\" href=\"") else { return nil }
        return String(body[range.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func aCountyOfficerSeesTheCountyAndDrillsDownToMaskedPeopleWithAnAuditEntry() async throws {
        try await withTestApp { app in
            try await DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher).buildElders(
                on: app.db, protection: app.dataProtection)
            let browser = Browser(app: app)
            try await browser.signIn("county.410922")
            let home = try await browser.get("/")
            #expect(home.headers.first(name: .location) == "/cockpit/410922000000")
            let page = try await browser.get("/cockpit/410922000000?figure=people.total")
            #expect(page.status == .ok)
            #expect(page.body.contains("清丰县 · 驾驶舱") && page.body.contains("<svg") && page.body.contains("<title id=\"chart-children-t\">"))
            // Its townships, never another county's.
            #expect(page.body.contains("/cockpit/410922100000") || page.body.contains("/cockpit/4109221"))
            #expect(!page.body.contains("/cockpit/410902"))
            #expect(try await browser.get("/cockpit/410900000000").status == .forbidden)
            #expect(try await browser.get("/cockpit/410902000000").status == .forbidden)

            let drill = try #require(href("focus-drill", in: page.body))
            #expect(drill == "/elders?region=410922000000")
            let before = try await AuditEntryModel.query(on: app.db).filter(\.$action == "elder.list").filter(\.$actorUsername == "county.410922")
                .count()
            let people = try await browser.get(drill)
            #expect(people.status == .ok)
            #expect(people.body.range(of: #"4109\d\d\*{8}\d{3}[\dX]"#, options: .regularExpression) != nil)
            #expect(people.body.range(of: #"4109\d{13}[\dX]"#, options: .regularExpression) == nil)
            let after = try await AuditEntryModel.query(on: app.db).filter(\.$action == "elder.list").filter(\.$actorUsername == "county.410922")
                .count()
            #expect(after == before + 1)
        }
    }

    @Test func badPeriodsFiguresAndRolesAreRefusedClearly() async throws {
        try await withTestApp { app in
            let browser = Browser(app: app)
            try await browser.signIn("city")
            #expect(try await browser.get("/cockpit/410900000000?period=2026-13").status == .badRequest)
            #expect(try await browser.get("/cockpit/410900000000?figure=nope").status == .badRequest)
            #expect(try await browser.get("/cockpit/410900000000?period=2025-Q3&figure=orders.total").status == .ok)
            #expect(try await browser.get("/cockpit/410999000000").status == .notFound)
            let worker = try await app.token("worker")
            try await app.testing().test(.GET, "/api/v1/statistics/410922000000", headers: .bearer(worker)) { res in
                #expect(res.status == .forbidden)
            }
        }
    }

    @Test func theAPIGivesTheSameNumbersAsThePage() async throws {
        try await withTestApp { app in
            try await DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher).buildElders(
                on: app.db, protection: app.dataProtection)
            struct Reading: Decodable {
                struct Figure: Decodable {
                    struct Child: Decodable {
                        let code: String
                        let value: Double?
                    }
                    let key: String
                    let value: Double?
                    let children: [Child]
                }
                let region: String
                let figures: [Figure]
            }
            let token = try await app.token("county.410922")
            var reading: Reading?
            try await app.testing().test(.GET, "/api/v1/statistics/410922000000?period=2026", headers: .bearer(token)) { res in
                #expect(res.status == .ok, "\(res.body.string)")
                reading = try res.content.decode(Reading.self)
            }
            let people = try #require(reading?.figures.first { $0.key == "people.total" })
            let stats = try await ElderService(app.context(as: try await app.actor("county.410922"))).stats(of: try RegionCode("410922000000"))
            #expect(people.value == Double(stats.total))
            #expect(people.children.compactMap(\.value).reduce(0, +) == Double(stats.total))
            try await app.testing().test(.GET, "/api/v1/statistics/410900000000", headers: .bearer(token)) { res in
                #expect(res.status == .forbidden)
            }
        }
    }

    @Test func theCitySetsTheWeightsAndTheReportPublishesThemInEveryFormat() async throws {
        try await withTestApp { app in
            try await DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher).buildElders(
                on: app.db, protection: app.dataProtection)
            let county = Browser(app: app)
            try await county.signIn("county.410922")
            let countyReport = try await county.get("/cockpit/410922000000/report?month=2026-11")
            #expect(countyReport.status == .ok && countyReport.body.contains("使用平台默认权重"))
            // A county cannot set the city's weights.
            #expect(
                try await county.post("/cockpit/410900000000/weights", form: ["weight.people.enrolled": "10", "smallCell": "10"]).status == .forbidden
            )

            let city = Browser(app: app)
            try await city.signIn("city")
            _ = try await city.get("/cockpit/410900000000/report?month=2026-11")
            let bad = try await city.post("/cockpit/410900000000/weights", form: ["weight.people.enrolled": "500", "smallCell": "10"])
            #expect(bad.status == .seeOther)
            let unchanged = try await ReportSettingsService(app.context(as: try await app.actor("city"))).inForce(for: try RegionCode("410900000000"))
            #expect(unchanged == .default)
            _ = try await city.post(
                "/cockpit/410900000000/weights", form: ["weight.people.enrolled": "3", "weight.people.not_enrolled": "1", "smallCell": "5"])
            let settings = try await ReportSettingsService(app.context(as: try await app.actor("city"))).inForce(for: try RegionCode("410922000000"))
            #expect(settings.weights == [.init(figure: "people.enrolled", weight: 3), .init(figure: "people.not_enrolled", weight: 1)])
            #expect(settings.smallCell == 5 && settings.setFor == "410900000000")
            let page = try await city.get("/cockpit/410900000000/report?month=2026-11")
            #expect(page.body.contains("权重由 410900000000 设定"))
            // The county with most people enrolled comes first.
            let report = try await CockpitService(app.context(as: try await app.actor("city"))).monthlyReport(
                try RegionCode("410900000000"), month: CalendarMonth("2026-11")!)
            let enrolled = report.columns.firstIndex { $0.figure.key == "people.enrolled" }!
            let values = report.lines.map { $0.values[enrolled] ?? 0 }
            #expect(values == values.sorted(by: >) && report.lines[0].rank == 1)

            let xlsx = try await city.get("/cockpit/410900000000/report.xlsx?month=2026-11")
            #expect(xlsx.status == .ok && xlsx.data.starts(with: [0x50, 0x4B]))
            let pdf = try await city.get("/cockpit/410900000000/report.pdf?month=2026-11")
            #expect(pdf.status == .ok && pdf.data.starts(with: Array("%PDF".utf8)))
            #expect(try await city.get("/cockpit/410900000000/report?month=2026-13").status == .badRequest)
            // A village has nobody below to rank.
            #expect(try await city.get("/cockpit/410922001001/report").status == .badRequest)
            let audit = try await AuditEntryModel.query(on: app.db).filter(\.$action == "statistics.settings").count()
            #expect(audit == 1)
        }
    }
}
