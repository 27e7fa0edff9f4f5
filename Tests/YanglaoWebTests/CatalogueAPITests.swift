import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// The service catalogue over the API: what is in force, and a county's version checked against the city's.
@Suite struct CatalogueAPITests {
    func items(mealMinutes: Int) -> String {
        let entries = ServiceCatalogue.example.map { t in
            #"{"code":"\#(t.code)","standardMinutes":\#(t.code == "meal" ? mealMinutes : t.standardMinutes),"priceFen":\#(t.priceFen),"subsidyPercent":0}"#
        }
        return "[" + entries.joined(separator: ",") + "]"
    }

    @Test func theCountyStandardIsNotBelowTheCitysAndTheVersionInForceIsAnswered() async throws {
        try await withTestApp { app in
            let city = try await app.token("city")
            let county = try await app.token("county.410902")
            let today = CalendarDate.today().description
            try await app.testing().test(.GET, "/api/v1/catalogue?region=410902001001", headers: .bearer(county)) { res in
                #expect(res.status == .ok && res.body.string.contains(#""code":"meal""#) && !res.body.string.contains("validFrom\":\""))
            }
            let cityVersion = #"{"region":"410900000000","validFrom":"\#(today)","items":\#(items(mealMinutes: 40))}"#
            try await app.testing().test(.POST, "/api/v1/catalogue/versions", headers: .bearerJSON(city), body: ByteBuffer(string: cityVersion)) {
                res in
                #expect(res.status == .created, "\(res.body.string)")
            }
            let below = #"{"region":"410902000000","validFrom":"\#(today)","items":\#(items(mealMinutes: 30))}"#
            try await app.testing().test(.POST, "/api/v1/catalogue/versions", headers: .bearerJSON(county), body: ByteBuffer(string: below)) { res in
                #expect(
                    res.status == .badRequest && res.body.string.contains("catalogue_below_city") && res.body.string.contains("助餐"),
                    "\(res.body.string)")
            }
            try await app.testing().test(.GET, "/api/v1/catalogue?region=410902001001&date=\(today)", headers: .bearer(county)) { res in
                #expect(
                    res.status == .ok && res.body.string.contains(#""regionCode":"410900000000""#)
                        && res.body.string.contains(#""standardMinutes":40"#))
            }
            try await app.testing().test(.GET, "/api/v1/catalogue?date=someday", headers: .bearer(county)) { res in
                #expect(res.status == .badRequest)
            }
        }
    }
}
