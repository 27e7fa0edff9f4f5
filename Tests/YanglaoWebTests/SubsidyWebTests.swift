import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport
import YanglaoXLSX

/// The monthly run in the console and over the API; payment lists whose totals are the screen's.
@Suite struct SubsidyWebTests {
    @Test func aCountyComputesAMonthExportsPaymentListsThatMatchTheScreenAndApproves() async throws {
        try await withTestApp { app in
            let village = try await app.token("county.410902")
            let wang = try await ElderAPITests.createWang(app, token: village)
            // His payee account: stored sealed, shown masked.
            for (json, status) in [
                (#"{"bank":"中国农业银行","account":"6228 4800 1234 5678 901","holder":"王大爷"}"#, HTTPStatus.ok),
                (#"{"bank":"","account":"12ab","holder":"王大爷"}"#, .badRequest),
            ] {
                try await app.testing().test(
                    .PUT, "/api/v1/elders/\(wang.id)/payee-account", headers: .bearerJSON(village), body: ByteBuffer(string: json),
                    afterResponse: { res in
                        #expect(res.status == status, "\(res.body.string)")
                        #expect(!res.body.string.contains("6228480012345678901"))
                    })
            }
            let stored = try #require(try await PayeeAccountModel.query(on: app.db).first())
            #expect(stored.accountMasked == "6228***********8901" && !stored.accountCipher.contains("6228480012345678901"))
            _ = try await ElderAPITests.create(app, token: village, ElderAPITests.body(ElderAPITests.li, name: "李奶奶", region: "410902001002"))

            let officer = Browser(app: app)
            try await officer.signIn("county.410902")
            _ = try await officer.get("/subsidies")
            let computed = try await officer.post("/subsidies", form: ["month": "2026-11", "region": "410902000000"])
            let location = try #require(computed.headers.first(name: .location))
            let page = try await officer.get(location)
            #expect(page.status == .ok && page.body.contains("高龄津贴") && page.body.contains("经济困难老年人养老服务补贴"))

            // Every township × scheme row links to a payment list whose total row is the row's total.
            let totals = try await officer.get("/api/v1/subsidy-runs/\(location.split(separator: "/").last!)")  // not an API session: 401
            #expect(totals.status == .unauthorized)
            let token = try await app.token("county.410902")
            var run: [String: Any] = [:]
            try await app.testing().test(.GET, "/api/v1/subsidy-runs/\(location.split(separator: "/").last!)", headers: .bearer(token)) { res in
                #expect(res.status == .ok)
                run = try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any] ?? [:]
            }
            let rows = try #require(run["totals"] as? [[String: Any]])
            #expect(rows.count >= 2)
            var sum = 0
            for row in rows {
                let township = row["township"] as! String
                let scheme = row["scheme"] as! String
                let fen = row["fen"] as! Int
                sum += fen
                let xlsx = try await officer.get("\(location)/payments.xlsx?township=\(township)&scheme=\(scheme)")
                #expect(xlsx.status == .ok)
                let sheet = try XLSXReader.rows(of: xlsx.data)
                let total = try #require(sheet.last)
                #expect(total.first == "合计" && Double(total[6]) == Double(fen) / 100)
                #expect(sheet.count - 2 == row["count"] as! Int)
                #expect(page.body.contains(ServiceStandard.yuanText(fen)))
                #expect(!sheet.joined().joined().contains("6228480012345678901"))
                if township == "410902001000", scheme == "advanced_age_allowance" { #expect(sheet.contains { $0.contains("6228***********8901") }) }
            }
            #expect(sum == run["totalFen"] as! Int)

            // The bank file is made from an approved month only.
            #expect(try await officer.get("\(location)/bank-file.xlsx").status == .conflict)
            #expect(!page.body.contains("bank-file.xlsx"))

            // Approval locks the month; computing it again is refused.
            #expect(try await officer.post(location + "/approve", form: [:]).status == .seeOther)
            #expect(try await officer.get(location).body.contains("bank-file.xlsx"))

            // 银行代发: full account numbers for the county, audited; those without an account are listed, not transferred.
            let bank = try await officer.get("\(location)/bank-file.xlsx")
            #expect(bank.status == .ok)
            let transfers = try XLSXReader.rows(of: bank.data)
            let wangRow = try #require(transfers.first { $0.count > 4 && $0[2] == "6228480012345678901" })
            #expect(wangRow[1] == "王大爷" && wangRow[3] == "中国农业银行" && wangRow[5] == "2026-11 高龄津贴")
            let bankTotal = try #require(transfers.first { $0.first == "合计" })
            #expect(bankTotal[1] == "2 笔" && bankTotal[4] == "160", "\(transfers)")  // 高龄津贴 60 + 经济困难 100
            #expect(transfers.contains { $0.first?.contains("缺少银行账户") == true } && transfers.contains { $0.first == "李奶奶" })
            #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "subsidy.bank_file").count() == 1)
            let villageOfficer = Browser(app: app)
            try await villageOfficer.signIn("village.410902001001")
            #expect(try await villageOfficer.get("\(location)/bank-file.xlsx").status == .notFound)  // the county's run is outside the village
            #expect(try await officer.get(location).body.contains("已审核锁定"))
            let body = try JSONSerialization.data(withJSONObject: ["month": "2026-11", "region": "410902000000"])
            try await app.testing().test(
                .POST, "/api/v1/subsidy-runs", headers: .bearerJSON(token), body: ByteBuffer(data: body),
                afterResponse: { res in #expect(res.status == .conflict && res.body.string.contains("subsidy_run_locked")) })
            try await app.testing().test(
                .POST, "/api/v1/subsidy-runs", headers: .bearerJSON(token), body: ByteBuffer(string: #"{"month":"November"}"#),
                afterResponse: { res in #expect(res.status == .badRequest && res.body.string.contains("month_invalid")) })
        }
    }

    @Test func schemesAreReadByOfficersAndSetByCityAndCountyWithEachProblemNamed() async throws {
        try await withTestApp { app in
            let village = try await app.token("village.410902001001")
            try await app.testing().test(.GET, "/api/v1/subsidy-schemes?region=410902001001", headers: .bearer(village)) { res in
                #expect(res.status == .ok && res.body.string.contains("advanced_age_allowance") && res.body.string.contains("6000"))
            }
            var schemes = ExampleSubsidySchemes.county
            // The voucher is on no service list; the poverty subsidy is, at 100 yuan, so paying it 120 is refused.
            schemes[1].amount = .fixed(fen: 12_000)
            let county = try await app.token("county.410902")
            try await app.testing().test(
                .PUT, "/api/v1/subsidy-schemes?region=410902000000", headers: .bearerJSON(county),
                body: ByteBuffer(data: try JSONEncoder().encode(schemes)),
                afterResponse: { res in
                    #expect(res.status == .badRequest && res.body.string.contains("listed_amount_differs"))
                    #expect(res.body.string.contains("每月 100 元") && res.body.string.contains("每月 120 元"))
                })
            schemes[1] = ExampleSubsidySchemes.county[1]
            schemes[3].amount = .fixed(fen: 12_000)
            let body = try JSONEncoder().encode(schemes)
            try await app.testing().test(
                .PUT, "/api/v1/subsidy-schemes?region=410902000000", headers: .bearerJSON(village), body: ByteBuffer(data: body),
                afterResponse: { res in #expect(res.status == .forbidden) })
            try await app.testing().test(
                .PUT, "/api/v1/subsidy-schemes?region=410902000000", headers: .bearerJSON(county), body: ByteBuffer(data: body),
                afterResponse: { res in #expect(res.status == .ok) })
            try await app.testing().test(.GET, "/api/v1/subsidy-schemes?region=410902001001", headers: .bearer(village)) { res in
                #expect(res.body.string.contains("12000"))
            }

            let officer = Browser(app: app)
            try await officer.signIn("county.410902")
            let page = try await officer.get("/subsidies/schemes")
            #expect(page.status == .ok && page.body.contains("在册，且本地户籍，且年满80周岁") && page.body.contains("每月 120 元"))
            let broken = try await officer.post("/subsidies/schemes", form: ["schemes": "[{\"code\":"])
            #expect(broken.status == .badRequest && broken.body.contains("不是有效的 JSON") && broken.body.contains("[{&quot;code&quot;:"))
            let twice = String(decoding: try JSONEncoder().encode([schemes[0], schemes[0]]), as: UTF8.self)
            let repeated = try await officer.post("/subsidies/schemes", form: ["schemes": twice])
            #expect(repeated.status == .badRequest && repeated.body.contains("重复"))
            #expect(try await officer.post("/subsidies/schemes", form: ["schemes": String(decoding: body, as: UTF8.self)]).status == .seeOther)
        }
    }
}

/// A county whose people the city's run pays is told so, instead of "nothing computed yet".
@Suite struct SubsidyCoveringTests {
    @Test func theCitysRunsShowOnTheCountysPage() async throws {
        try await withTestApp { app in
            let county = try await app.token("county.410902")
            _ = try await ElderAPITests.createWang(app, token: county)
            let city = Browser(app: app)
            try await city.signIn("city")
            _ = try await city.get("/subsidies")
            _ = try await city.post("/subsidies", form: ["month": "2026-11", "region": "410900000000"])
            let officer = Browser(app: app)
            try await officer.signIn("county.410902")
            let page = try await officer.get("/subsidies")
            #expect(page.body.contains("由上级统一计算的补贴") && page.body.contains("2026-11 · 濮阳市"))
            #expect(!page.body.contains("尚未计算任何月份"))
            let cityPage = try await city.get("/subsidies")
            #expect(cityPage.body.contains("濮阳市 <span class=\"muted code\">410900000000</span>") && !cityPage.body.contains("上级统一计算"))
        }
    }
}
