import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// Population figures per region and year, and the register's statistics set against them.
@Suite struct PopulationWebTests {
    struct Stats: Decodable {
        struct Population: Decodable {
            let year: Int
            let source: String
            let residents: Int
            let aged60: Int
            let share60: Double
            let registered60: Int
            let notYetRegistered60: Int
            let enrolmentRate: Double?
            let regions: Int
        }
        let total: Int
        let enrolled: Int
        let population: Population?
    }

    func stats(_ app: Application, _ token: String, _ region: String) async throws -> Stats {
        var stats: Stats?
        try await app.testing().test(.GET, "/api/v1/elders/stats?region=\(region)", headers: .bearer(token)) { res in
            #expect(res.status == .ok, "\(res.body.string)")
            stats = try res.content.decode(Stats.self)
        }
        return try #require(stats)
    }

    @Test func importedFiguresGiveTheSharesTheGapAndTheEnrolmentRate() async throws {
        try await withTestApp { app in
            try await DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher).buildElders(
                on: app.db, protection: app.dataProtection)
            let city = try await app.token("city")
            #expect(try await stats(app, city, "410900000000").population == nil)

            let population = PopulationService(app.context(as: try await app.actor("admin")))
            let bad = try await population.run(
                [["区划代码", "年份", "常住人口", "60岁及以上", "65岁及以上"], ["4109", "2020", "3772100", "3800000", ""], ["4109", "1900", "10", "1", ""]],
                source: "第七次全国人口普查", commit: true)
            #expect(bad.problems.map(\.code) == ["population_group_too_large", "population_year_invalid"] && !bad.committed)
            let file = [
                ["区划代码", "年份", "常住人口", "60岁及以上", "65岁及以上", "80岁及以上"],
                ["4109", "2020", "3772100", "667000", "520000", "90000"],
                ["410902", "2020", "700000", "120000", "", ""],
                ["410922", "2020", "600000", "110000", "", ""],
            ]
            let done = try await population.run(file, source: "第七次全国人口普查", commit: true)
            #expect(done.committed && done.written == 3)

            let figures = try await stats(app, city, "410900000000")
            let known = try #require(figures.population)
            #expect(known.year == 2020 && known.source == "第七次全国人口普查" && known.regions == 1)
            #expect(abs(known.share60 - 667000.0 / 3772100.0) < 1e-9)
            #expect(figures.enrolled > 0 && known.enrolmentRate == Double(figures.enrolled) / 667000.0)
            #expect(known.notYetRegistered60 == 667000 - known.registered60 && known.registered60 > 0)

            // A county officer corrects their own county; another county's is not theirs to set.
            let county = try await app.token("county.410902")
            let body = #"{"year":2023,"residents":710000,"aged60":130000,"source":"2023 年统计年鉴"}"#
            try await app.testing().test(
                .PUT, "/api/v1/regions/410902000000/population", headers: .bearerJSON(county), body: ByteBuffer(string: body)
            ) { res in
                #expect(res.status == .ok, "\(res.body.string)")
            }
            try await app.testing().test(
                .PUT, "/api/v1/regions/410922000000/population", headers: .bearerJSON(county), body: ByteBuffer(string: body)
            ) { res in
                #expect(res.status == .notFound)
            }
            let village = try await app.token("village.410902001001")
            try await app.testing().test(
                .PUT, "/api/v1/regions/410902001001/population", headers: .bearerJSON(village), body: ByteBuffer(string: body)
            ) { res in
                #expect(res.status == .forbidden)
            }
            let wrong = #"{"year":2023,"residents":100,"aged60":130000,"source":"x"}"#
            try await app.testing().test(
                .PUT, "/api/v1/regions/410902000000/population", headers: .bearerJSON(county), body: ByteBuffer(string: wrong)
            ) { res in
                #expect(res.status == .badRequest && res.body.string.contains("population_group_too_large"))
            }
            #expect(try await stats(app, county, "410902000000").population?.year == 2023)
            // On the region page: the figures with their year and source, and the form.
            let browser = Browser(app: app)
            try await browser.signIn("county.410902")
            _ = try await browser.get("/regions/410902001000")
            let posted = try await browser.post(
                "/regions/410902001000/population", form: ["year": "2023", "residents": "50000", "aged60": "9000", "source": "街道统计"])
            #expect(posted.status == .seeOther)
            let page = try await browser.get("/regions/410902001000")
            #expect(page.body.contains("id=\"population\"") && page.body.contains("2023 年 · 街道统计") && page.body.contains("18.00%"))
            #expect(try await stats(app, county, "410902001000").population?.aged60 == 9000)
            let refused = try await browser.post(
                "/regions/410902001000/population", form: ["year": "2023", "residents": "x", "aged60": "1", "source": "s"])
            #expect(refused.status == .seeOther)
            #expect(try await stats(app, county, "410902001000").population?.residents == 50000)
            // A village without figures of its own: none yet.
            #expect(try await stats(app, county, "410902001001").population == nil)
        }
    }

    @Test func theNotYetEnrolledAreListed() async throws {
        try await withTestApp { app in
            try await DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher).buildElders(
                on: app.db, protection: app.dataProtection)
            let person = try #require(try await ElderModel.query(on: app.db).filter(\.$regionCode == "410902001001").first())
            person.enrolledOn = nil
            try await person.save(on: app.db)
            let county = try await app.token("county.410902")
            struct Listed: Decodable {
                struct Item: Decodable { let id: UUID }
                let items: [Item]
                let total: Int
            }
            func list(_ query: String) async throws -> (HTTPStatus, Listed?) {
                var answer: (HTTPStatus, Listed?) = (.ok, nil)
                try await app.testing().test(.GET, "/api/v1/elders?\(query)", headers: .bearer(county)) { res in
                    answer = (res.status, res.status == .ok ? try res.content.decode(Listed.self) : nil)
                }
                return answer
            }
            let not = try await list("enrolled=no")
            #expect(not.0 == .ok && not.1?.total == 1 && not.1?.items.first?.id == person.id)
            let all = try await list("status=active")
            let yes = try await list("enrolled=yes&status=active")
            #expect(yes.1?.total == (all.1?.total ?? 0) - 1)
            #expect(try await list("enrolled=maybe").0 == .badRequest)
            #expect(try await stats(app, county, "410902000000").enrolled == (all.1?.total ?? 0) - 1)
        }
    }
}
