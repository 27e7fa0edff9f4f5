import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoTestSupport

@Suite struct AuthAndSecurityTests {
    @Test func tokensWorkUntilLogoutRevokesThem() async throws {
        try await withTestApp { app in
            let token = try await app.token("county.410902")
            try await app.testing().test(.GET, "/api/v1/me", headers: .bearer(token)) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("\"410902000000\""))
            }
            try await app.testing().test(.POST, "/api/v1/auth/logout", headers: .bearer(token)) { res in #expect(res.status == .noContent) }
            try await app.testing().test(.GET, "/api/v1/me", headers: .bearer(token)) { res in #expect(res.status == .unauthorized) }
            try await app.testing().test(.GET, "/api/v1/me", headers: .bearer("yl_forged")) { res in #expect(res.status == .unauthorized) }
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await withTestApp(demo: false) { app in
            for path in ["/login", "/api/v1/me", "/health", "/does-not-exist"] {
                try await app.testing().test(.GET, path) { res in
                    let csp = res.headers.first(name: "Content-Security-Policy") ?? ""
                    #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "\(path)")
                    #expect(res.headers.first(name: "X-Frame-Options") == "DENY")
                    #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                }
            }
        }
    }

    @Test func theSessionCookieIsHttpOnlyAndSameSiteLax() async throws {
        try await withTestApp(demo: false) { app in
            try await app.testing().test(.GET, "/login") { res in
                let cookie = res.headers.first(name: .setCookie) ?? ""
                #expect(cookie.contains("yanglao_session="))
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("SameSite=Lax"))
            }
        }
    }

    @Test func aFormPostWithoutTheCSRFTokenIsRefused() async throws {
        try await withTestApp { app in
            let browser = Browser(app: app)
            _ = try await browser.get("/login")
            let res = try await browser.post("/login", form: ["username": "admin", "password": demoPassword], csrf: "wrong")
            #expect(res.status == .forbidden)
            #expect(res.body.contains("页面已过期"))
        }
    }

    @Test func signingInThroughTheFormOpensTheConsoleAndSigningOutEndsIt() async throws {
        try await withTestApp { app in
            let browser = Browser(app: app)
            try await browser.signIn("county.410902")
            let home = try await browser.get("/regions/410902000000")
            #expect(home.status == .ok)
            #expect(home.body.contains("华龙区"))
            let other = try await browser.get("/regions/410922000000")
            #expect(other.status == .forbidden)
            let out = try await browser.post("/logout", form: [:])
            #expect(out.status == .seeOther)
            let after = try await browser.get("/regions/410902000000")
            #expect(after.status == .seeOther)
        }
    }

    @Test func aDisabledAccountLosesItsSessionAtOnce() async throws {
        try await withTestApp { app in
            let browser = Browser(app: app)
            try await browser.signIn("hotline")
            #expect(try await browser.get("/").status == .seeOther)
            #expect(try await browser.get("/regions/410900000000").status == .ok)
            let admin = try await app.token("admin")
            let id = try await userID("hotline", app: app, token: admin)
            try await app.testing().test(
                .PATCH, "/api/v1/users/\(id)", headers: .bearer(admin),
                beforeRequest: { req in
                    try req.content.encode(["disabled": true])
                }, afterResponse: { res in #expect(res.status == .ok) })
            #expect(try await browser.get("/regions/410900000000").status == .seeOther)
        }
    }

    @Test func namesWithMarkupAreEscapedOnEveryPage() async throws {
        try await withTestApp { app in
            let admin = try await app.token("admin")
            let evil = "\"><script>alert(1)</script>"
            var id = ""
            try await app.testing().test(
                .POST, "/api/v1/users", headers: .bearer(admin),
                beforeRequest: { req in
                    try req.content.encode([
                        "username": "evil.name", "displayName": evil, "role": "village_officer",
                        "regionCode": "410902001001", "password": "long-enough-1",
                    ])
                },
                afterResponse: { res in
                    #expect(res.status == .created)
                    struct U: Decodable { let id: String }
                    id = try res.content.decode(U.self).id
                })
            let browser = Browser(app: app)
            try await browser.signIn("admin")
            for path in ["/admin/users?q=evil", "/admin/users/\(id)", "/admin/audit", "/regions/410902001001"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.body.contains("<script>alert(1)</script>"), "\(path)")
            }
            let list = try await browser.get("/admin/users?q=evil")
            #expect(list.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            // The evil account itself signs in and sees its own name escaped in the header.
            let own = Browser(app: app)
            try await own.signIn("evil.name", password: "long-enough-1")
            let mine = try await own.get("/regions/410902001001")
            #expect(!mine.body.contains("<script>alert(1)</script>") && mine.body.contains("&lt;script&gt;"))
        }
    }

    @Test func changesAreAuditedWithActorAndAddress() async throws {
        try await withTestApp { app in
            let admin = try await app.token("admin")
            let id = try await userID("worker", app: app, token: admin)
            try await app.testing().test(
                .POST, "/api/v1/users/\(id)/password", headers: .bearer(admin),
                beforeRequest: { req in
                    try req.content.encode(["password": "another-pass-77"])
                }, afterResponse: { res in #expect(res.status == .noContent) })
            try await app.testing().test(.GET, "/api/v1/audit?action=user.reset_password", headers: .bearer(admin)) { res in
                struct P: Decodable {
                    struct E: Decodable {
                        let actorUsername: String
                        let recordID: String?
                        let address: String?
                    }
                    let items: [E]
                }
                let page = try res.content.decode(P.self)
                #expect(page.items.count == 1)
                #expect(page.items.first?.actorUsername == "admin" && page.items.first?.recordID == id)
            }
            // A county officer reads the log of its own subtree only.
            let county = try await app.token("county.410922")
            try await app.testing().test(.GET, "/api/v1/audit?per=200", headers: .bearer(county)) { res in
                struct P: Decodable {
                    struct E: Decodable { let regionCode: String }
                    let items: [E]
                }
                let page = try res.content.decode(P.self)
                #expect(page.items.allSatisfy { $0.regionCode.hasPrefix("410922") })
            }
        }
    }

    private func userID(_ username: String, app: Application, token: String) async throws -> String {
        var id = ""
        try await app.testing().test(.GET, "/api/v1/users?q=\(username)", headers: .bearer(token)) { res in
            struct P: Decodable {
                struct U: Decodable {
                    let id: String
                    let username: String
                }
                let items: [U]
            }
            id = try res.content.decode(P.self).items.first { $0.username == username }?.id ?? ""
        }
        return id
    }
}

/// A cookie-keeping client for console pages: signs in through the real form with its CSRF token.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookie: String?
    var csrf: String?

    init(app: Application) { self.app = app }

    struct Page {
        let status: HTTPStatus
        let body: String
        let headers: HTTPHeaders
        /// The body's bytes, for downloads (XLSX, PDF).
        var data = Data()
    }

    private func remember(_ res: TestingHTTPResponse) {
        if let set = res.headers.first(name: .setCookie), let pair = set.split(separator: ";").first { cookie = String(pair) }
        let body = res.body.string
        if let range = body.range(of: "name=\"_csrf\" value=\"") {
            csrf = String(body[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    func get(_ path: String) async throws -> Page {
        var page: Page?
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: cookie) }
        try await app.testing().test(.GET, path, headers: headers) { res in
            remember(res)
            page = Page(status: res.status, body: res.body.string, headers: res.headers, data: Data(res.body.readableBytesView))
        }
        return page!
    }

    func post(_ path: String, form: [String: String], csrf override: String? = nil) async throws -> Page {
        var page: Page?
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: cookie) }
        var fields = form
        fields["_csrf"] = override ?? csrf ?? ""
        try await app.testing().test(
            .POST, path, headers: headers,
            beforeRequest: { req in
                try req.content.encode(fields, as: .urlEncodedForm)
            },
            afterResponse: { res in
                remember(res)
                page = Page(status: res.status, body: res.body.string, headers: res.headers)
            })
        return page!
    }

    /// A multipart form with one file, as a browser sends an upload.
    func upload(_ path: String, fileName: String, bytes: [UInt8]) async throws -> Page {
        var page: Page?
        var headers = HTTPHeaders()
        if let cookie { headers.add(name: .cookie, value: cookie) }
        let boundary = "----yanglao-test"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf ?? "")\r\n".utf8)
        body += Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                .utf8)
        body += bytes + Array("\r\n--\(boundary)--\r\n".utf8)
        try await app.testing().test(
            .POST, path, headers: headers,
            beforeRequest: { req in
                req.headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
                req.body = ByteBuffer(bytes: body)
            },
            afterResponse: { res in
                remember(res)
                page = Page(status: res.status, body: res.body.string, headers: res.headers)
            })
        return page!
    }

    func signIn(_ username: String, password: String = demoPassword) async throws {
        _ = try await get("/login")
        let res = try await post("/login", form: ["username": username, "password": password, "next": "/"])
        guard res.status == .seeOther else { throw Abort(.internalServerError, reason: "sign-in failed: \(res.status) \(res.body)") }
    }
}
