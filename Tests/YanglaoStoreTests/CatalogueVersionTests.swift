import Fluent
import Foundation
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// The service catalogue as versioned data: the city sets it, a county within the city's
/// standard, and an order takes the version in force on the day it is placed.
@Suite struct CatalogueVersionTests {
    func entries(_ change: (inout [CatalogueEntry]) -> Void = { _ in }) -> [CatalogueEntry] {
        var all = ServiceCatalogue.example.map(CatalogueEntry.init)
        change(&all)
        return all
    }

    func meal(minutes: Int = 30, price: Int) -> (inout [CatalogueEntry]) -> Void {
        { all in
            let i = all.firstIndex { $0.code == "meal" }!
            all[i] = CatalogueEntry(code: "meal", standardMinutes: minutes, priceFen: price, subsidyPercent: 50)
        }
    }

    @Test func aCountyBelowTheCityIsRefusedAndOrdersKeepThePriceOfTheirDay() async throws {
        try await withTestApp { app in
            try await DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher).buildElders(
                on: app.db, protection: app.dataProtection)
            let today = CalendarDate.today()
            let city = CatalogueService(app.context(as: try await app.actor("city"), today: today))
            let first = try await city.publish(try RegionCode("410900000000"), validFrom: today, entries: entries(meal(price: 1_600)))
            #expect(first.entries.first { $0.code == "meal" }?.priceFen == 1_600)

            // 清丰县 may raise the standard, not lower it; the refusal names the item.
            let county = CatalogueService(app.context(as: try await app.actor("county.410922"), today: today))
            do {
                _ = try await county.publish(try RegionCode("410922000000"), validFrom: today, entries: entries(meal(minutes: 20, price: 1_500)))
                Issue.record("a county's standard below the city's was accepted")
            } catch let error as AppError {
                #expect(error.code == "catalogue_below_city" && error.arguments["item"] == "助餐" && error.arguments["city"] == "30")
            }
            _ = try await county.publish(try RegionCode("410922000000"), validFrom: today, entries: entries(meal(minutes: 45, price: 1_700)))
            await #expect(throws: AppError.self) {
                try await county.publish(try RegionCode("410902000000"), validFrom: today, entries: entries())
            }
            await #expect(throws: AppError.self) {
                try await city.publish(try RegionCode("410900000000"), validFrom: today.addingDays(-1), entries: entries())
            }

            let hotline = OrderService(app.context(as: try await app.actor("hotline"), today: today))
            let inHualong = try #require(try await ElderModel.query(on: app.db).filter(\.$regionCode == "410902001001").first())
            let inQingfeng = try #require(try await ElderModel.query(on: app.db).filter(\.$regionCode == "410922001001").first())
            let before = try await hotline.create(OrderInput(elderId: inHualong.id!, serviceType: "meal", channel: .phone)).order
            #expect(before.priceFen == 1_600 && before.standardMinutes == 30)
            let inCounty = try await hotline.create(OrderInput(elderId: inQingfeng.id!, serviceType: "meal", channel: .phone)).order
            #expect(inCounty.priceFen == 1_700 && inCounty.standardMinutes == 45)

            // A new city version from tomorrow: tomorrow's orders are priced by it, today's keep theirs.
            let tomorrow = today.addingDays(1)
            _ = try await city.publish(try RegionCode("410900000000"), validFrom: tomorrow, entries: entries(meal(price: 1_800)))
            let noon = tomorrow.startOfDay.addingTimeInterval(12 * 3_600)
            let after = try await hotline.create(OrderInput(elderId: inHualong.id!, serviceType: "meal", channel: .phone), now: noon).order
            #expect(after.priceFen == 1_800)
            #expect(try await OrderModel.find(before.id, on: app.db)?.priceFen == 1_600)
            let versions = try await CatalogueService(app.context(as: try await app.actor("city"))).versions(of: try RegionCode("410900000000"))
            #expect(versions.count == 2)
        }
    }

    @Test func aCatalogueMustListEveryTypeOnceWithinRange() {
        var bad = entries()
        bad[0] = CatalogueEntry(code: bad[0].code, standardMinutes: 1, priceFen: -5, subsidyPercent: 120)
        bad.removeLast()
        bad.append(CatalogueEntry(code: "massage", standardMinutes: 30, priceFen: 100, subsidyPercent: 0))
        let codes: [String] = CatalogueRules.problems(bad).map(\.code)
        let expected: [String] = [
            "catalogue_minutes_invalid", "catalogue_price_invalid", "catalogue_subsidy_invalid", "service_type_unknown", "catalogue_item_missing",
        ]
        #expect(codes == expected)
        #expect(CatalogueRules.problems(entries()).isEmpty)
    }
}
