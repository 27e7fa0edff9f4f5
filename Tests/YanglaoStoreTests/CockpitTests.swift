import Fluent
import Foundation
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// The cockpit's figures against counts over the rows themselves, after a change, and in scope.
@Suite struct CockpitTests {
    func read(_ app: Application, _ username: String, _ code: String, _ period: StatPeriod, cached: Bool = true) async throws
        -> CockpitService.Reading
    {
        var context = app.context(as: try await app.actor(username))
        if !cached { context = context.withNode { $0.figureTallyCache = nil } }
        return try await CockpitService(context).read(try RegionCode(code), period: period)
    }

    func value(_ reading: CockpitService.Reading, _ key: String) throws -> Double {
        let figure = try #require(reading.figure(key))
        return try #require(figure.value)
    }

    @Test func figuresEqualCountsOverTheRowsAndFollowAChangeAtOnce() async throws {
        try await withTestApp { app in
            let builder = DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher)
            try await builder.buildElders(on: app.db, protection: app.dataProtection)
            try await builder.buildProviders(on: app.db, protection: app.dataProtection)
            try await builder.buildOrderHistory(on: app.db)
            try await builder.buildAlarmHistory(on: app.db, protection: app.dataProtection)
            try await builder.buildSubsidyHistory(on: app.db, protection: app.dataProtection)
            let today = CalendarDate.today()
            let year = StatPeriod(.year, containing: CalendarMonth(today))
            let months = Set(year.months.map(\.description))
            func month(_ date: Date?) -> String? { date.map { CalendarMonth(CalendarDate($0)).description } }
            let orders = try await OrderModel.query(on: app.db).all().filter { month($0.createdAt).map(months.contains) ?? false }
            let alarms = try await AlarmModel.query(on: app.db).all().filter { months.contains(month($0.raisedAt)!) }
            let people = try await ElderModel.query(on: app.db).filter(\.$status == "active").all()
            #expect(!orders.isEmpty && !alarms.isEmpty)

            let city = try await read(app, "city", "410900000000", year)
            #expect(try value(city, "orders.total") == Double(orders.count))
            #expect(try value(city, "orders.served") == Double(orders.filter { $0.checkOutAt != nil }.count))
            #expect(try value(city, "orders.type.meal") == Double(orders.filter { $0.serviceType == "meal" }.count))
            let rated = orders.compactMap(\.rating)
            #expect(abs(try value(city, "orders.rating") - Double(rated.reduce(0, +)) / Double(rated.count)) < 1e-9)
            #expect(try value(city, "alarms.total") == Double(alarms.count))
            let answered = alarms.filter { a in a.acknowledgedAt.map { $0.timeIntervalSince(a.raisedAt) <= 60 } ?? false }
            #expect(abs(try value(city, "alarms.answered60_rate") - Double(answered.count) / Double(alarms.count)) < 1e-9)
            #expect(try value(city, "people.total") == Double(people.count))
            let runs = try await SubsidyRunModel.query(on: app.db).all().filter { months.contains($0.month) }
            let approved = Set(runs.filter { $0.statusValue == .approved }.map { $0.id! })
            let lines = try await SubsidyLineModel.query(on: app.db).all().filter { approved.contains($0.$run.id) }
            #expect(!lines.isEmpty)
            #expect(try value(city, "subsidies.amount") == Double(lines.map(\.fen).reduce(0, +)))
            #expect(try value(city, "subsidies.payments") == Double(lines.count))
            #expect(try value(city, "people.aged80") == Double(people.filter { $0.birth.age(on: today) >= 80 }.count))
            // The children's counts add up to the region's, and the months to the year.
            let total = try #require(city.figure("orders.total"))
            #expect(total.byChild.compactMap { $0 }.reduce(0, +) == total.value)
            #expect(total.byMonth.compactMap { $0 }.reduce(0, +) >= 0 && city.trend.count == 12)
            // Without this server's copy the figures are the same.
            let uncached = try await read(app, "city", "410900000000", year, cached: false)
            #expect(uncached.figures.map(\.value) == city.figures.map(\.value))

            // An order placed now counts at once.
            let person = try #require(people.first)
            let hotline = OrderService(app.context(as: try await app.actor("hotline")))
            _ = try await hotline.create(OrderInput(elderId: person.id!, serviceType: "meal", channel: .phone))
            let after = try await read(app, "city", "410900000000", year)
            #expect(try value(after, "orders.total") == Double(orders.count + 1))
            #expect(try value(after, "orders.type.meal") == Double(orders.filter { $0.serviceType == "meal" }.count + 1))
            #expect(try value(after, "orders.channel.phone") == (try value(city, "orders.channel.phone")) + 1)
        }
    }

    @Test func aCountyOfficerReadsItsCountyAndTownshipsOnly() async throws {
        try await withTestApp { app in
            let period = StatPeriod(.month, containing: CalendarMonth(CalendarDate.today()))
            let county = try await read(app, "county.410922", "410922000000", period)
            #expect(!county.children.isEmpty && county.children.allSatisfy { $0.id!.hasPrefix("410922") && $0.code.level == .township })
            #expect(county.lineage.map { $0.id! } == ["410922000000"])
            await #expect(throws: AppError.self) { try await read(app, "county.410922", "410900000000", period) }
            await #expect(throws: AppError.self) { try await read(app, "county.410922", "410902000000", period) }
            await #expect(throws: AppError.self) { try await read(app, "worker", "410922000000", period) }
            // A county's figure is the sum of the city's row for it.
            let city = try await read(app, "city", "410900000000", period)
            let index = try #require(city.children.firstIndex { $0.id == "410922000000" })
            #expect(city.figure("people.total")?.byChild[index] == county.figure("people.total")?.value)
            #expect(city.figure("orders.total")?.byChild[index] == county.figure("orders.total")?.value)
        }
    }
}
