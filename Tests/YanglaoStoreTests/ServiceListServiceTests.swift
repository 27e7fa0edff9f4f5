import Fluent
import Foundation
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

@Suite struct ServiceListServiceTests {
    func service(_ app: Application, _ username: String) async throws -> ServiceListService {
        ServiceListService(app.context(as: try await app.actor(username), today: People.today))
    }

    static let city = RegionCode(validated: "410900000000")
    static let county = RegionCode(validated: "410902000000")
    static let otherCounty = RegionCode(validated: "410922000000")

    /// The demo city has the example lists: the city's from 2026-01-01, 华龙区's from 2026-07-01.
    @Test func aCountyListMayNotDropOrLowerACityItemAndIsInForceBelowIt() async throws {
        try await withTestApp { app in
            let cityOfficer = try await service(app, "city")
            let demoCounty = try #require(try await cityOfficer.published.inForce(for: Self.county))
            #expect(demoCounty.items == ExampleServiceLists.county)
            let cityList = try await cityOfficer.create(
                for: Self.city, ServiceListDraft(version: "2027版", validFrom: "2027-01-01", items: ExampleServiceLists.city))
            _ = try await cityOfficer.publish(cityList.id!)

            let countyOfficer = try await service(app, "county.410902")
            let draft = try await countyOfficer.draftFromInForce(for: Self.county, version: "2027版", validFrom: "2027-02-01")
            #expect(draft.items == ExampleServiceLists.county)

            // Dropping 探访关爱 and lowering 高龄津贴 are refused, each named.
            var items = ExampleServiceLists.city.filter { $0.code != "caring_visits" }
            items[items.firstIndex { $0.code == "advanced_age_allowance" }!].standard = .yuan(30, per: .month)
            _ = try await countyOfficer.update(draft.id!, ServiceListDraft(version: "2027版", validFrom: "2027-02-01", items: items))
            do {
                _ = try await countyOfficer.publish(draft.id!)
                Issue.record("a lower county list was published")
            } catch let error as AppError {
                #expect(Set(error.problems.map(\.code)) == ["service_list_item_dropped", "service_list_standard_lower"])
                #expect(Set(error.problems.compactMap { $0.arguments["item"] }) == ["探访关爱", "高龄津贴"])
            }
            _ = try await countyOfficer.update(
                draft.id!, ServiceListDraft(version: "2027版", validFrom: "2027-02-01", items: ExampleServiceLists.county))
            let published = try await countyOfficer.publish(draft.id!)
            await #expect(throws: AppError(.conflict, "service_list_published")) {
                _ = try await countyOfficer.update(published.id!, ServiceListDraft(version: "x", validFrom: "2027-02-01", items: []))
            }
            #expect(try await ServiceListModel.find(demoCounty.id!, on: app.db)?.validTo == "2027-01-31")

            // In force: a village of the county reads the county's list, another county the city's.
            let anyone = PublishedServiceLists(database: app.db, today: People.today)
            let march = CalendarDate("2027-03-01")!
            #expect(try await anyone.inForce(for: RegionCode(validated: "410902001001"), on: march)?.id == published.id)
            #expect(try await anyone.inForce(for: Self.otherCounty, on: march)?.id == cityList.id)
            #expect(try await anyone.inForce(for: Self.county, on: CalendarDate("2027-01-15")!)?.id == demoCounty.id)

            // A version may not start before or with one already published.
            let early = try await countyOfficer.draftFromInForce(for: Self.county, version: "补充版", validFrom: "2027-02-01")
            await #expect(throws: AppError(.invalidInput, "service_list_not_latest", field: "validFrom", ["value": "2027-02-01"])) {
                _ = try await countyOfficer.publish(early.id!)
            }

            // The city raising a standard shows which county lists it leaves lower.
            var raised = ExampleServiceLists.city
            raised[raised.firstIndex { $0.code == "caring_visits" }!].standard = .times(4, per: .month)
            let newCity = try await cityOfficer.create(for: Self.city, ServiceListDraft(version: "2027修订版", validFrom: "2027-07-01", items: raised))
            let below = try await cityOfficer.listsBelow(newCity)
            #expect(below.map(\.list.id) == [published.id])
            #expect(below.first?.problems.map(\.code) == ["service_list_standard_lower"])
        }
    }

    @Test func onlyCityAndCountyOfficersManageTheirOwnRegionsLists() async throws {
        try await withTestApp { app in
            let village = try await service(app, "village.410902001001")
            await #expect(throws: AppError(.forbidden, "service_list_forbidden")) {
                _ = try await village.create(
                    for: Self.county, ServiceListDraft(version: "v", validFrom: "2026-01-01", items: ExampleServiceLists.city))
            }
            let county = try await service(app, "county.410902")
            await #expect(throws: AppError(.forbidden, "region_forbidden", field: "regionCode", ["code": Self.otherCounty.value])) {
                _ = try await county.create(
                    for: Self.otherCounty, ServiceListDraft(version: "v", validFrom: "2026-01-01", items: ExampleServiceLists.city))
            }
            await #expect(throws: AppError(.forbidden, "region_forbidden", field: "regionCode", ["code": Self.city.value])) {
                _ = try await county.create(for: Self.city, ServiceListDraft(version: "v", validFrom: "2026-01-01", items: ExampleServiceLists.city))
            }
            await #expect(throws: AppError(.invalidInput, "service_list_level", field: "regionCode", ["code": "410902001000"])) {
                _ = try await county.create(
                    for: RegionCode(validated: "410902001000"), ServiceListDraft(version: "v", validFrom: "2026-01-01", items: []))
            }
            do {
                _ = try await county.create(for: Self.county, ServiceListDraft(version: " ", validFrom: "2026-13-01", items: []))
                Issue.record("a list without version and with a bad date was created")
            } catch let error as AppError {
                #expect(Set(error.problems.compactMap(\.field)) == ["version", "validFrom"])
            }
            let empty = try await county.create(for: Self.county, ServiceListDraft(version: "v", validFrom: "2027-01-01", items: []))
            do {
                _ = try await county.publish(empty.id!)
                Issue.record("an empty list was published")
            } catch let error as AppError {
                #expect(error.problems.first?.code == "service_list_empty")
            }
            let other = try await service(app, "county.410922")
            await #expect(throws: AppError(.notFound, "service_list_not_found")) { _ = try await other.managed(empty.id!) }
        }
    }
}
