import Testing
import Vapor
import VaporTesting
import YanglaoTestSupport

@Suite struct ErrorShapeTests {
    struct Body: Decodable {
        struct E: Decodable {
            let code: String
            let message: String
            let field: String?
        }
        let error: E
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let method: HTTPMethod, path: String, body: String?, contentType: String, authed: Bool, status: HTTPStatus, code: String
        var testDescription: String { "\(method) \(path) \(body ?? "")" }
    }

    static let cases: [Case] = [
        Case(
            method: .POST, path: "/api/v1/auth/login", body: "{not json", contentType: "application/json", authed: false, status: .badRequest,
            code: "body_invalid"),
        Case(
            method: .POST, path: "/api/v1/auth/login", body: "{\"username\":\"admin\"}", contentType: "application/json", authed: false,
            status: .badRequest, code: "field_missing"),
        Case(
            method: .POST, path: "/api/v1/auth/login", body: "{\"username\":5,\"password\":\"x\"}", contentType: "application/json", authed: false,
            status: .badRequest, code: "field_wrong_type"),
        Case(
            method: .POST, path: "/api/v1/auth/login", body: "[]", contentType: "application/json", authed: false, status: .badRequest,
            code: "body_invalid"),
        Case(
            method: .POST, path: "/api/v1/auth/login", body: "username=admin", contentType: "text/plain", authed: false, status: .badRequest,
            code: "body_invalid"),
        Case(
            method: .GET, path: "/api/v1/nowhere", body: nil, contentType: "application/json", authed: true, status: .notFound,
            code: "route_not_found"),
        Case(
            method: .DELETE, path: "/api/v1/me", body: nil, contentType: "application/json", authed: true, status: .notFound, code: "route_not_found"),
        Case(
            method: .GET, path: "/api/v1/me", body: nil, contentType: "application/json", authed: false, status: .unauthorized,
            code: "unauthenticated"),
        Case(
            method: .GET, path: "/api/v1/regions/41090", body: nil, contentType: "application/json", authed: true, status: .badRequest,
            code: "region_code_length"),
        Case(
            method: .GET, path: "/api/v1/regions/410900000001", body: nil, contentType: "application/json", authed: true, status: .badRequest,
            code: "region_code_gap"),
        Case(
            method: .GET, path: "/api/v1/regions/410901000000", body: nil, contentType: "application/json", authed: true, status: .notFound,
            code: "region_not_found"),
        Case(
            method: .GET, path: "/api/v1/regions/410900000000/descendants?level=planet", body: nil, contentType: "application/json", authed: true,
            status: .badRequest, code: "level_invalid"),
        Case(
            method: .GET, path: "/api/v1/regions/410900000000/descendants?page=0", body: nil, contentType: "application/json", authed: true,
            status: .badRequest, code: "page_out_of_range"),
        Case(
            method: .GET, path: "/api/v1/regions/410900000000/descendants?per=abc", body: nil, contentType: "application/json", authed: true,
            status: .badRequest, code: "field_wrong_type"),
        Case(
            method: .GET, path: "/api/v1/users?sort=password_hash", body: nil, contentType: "application/json", authed: true, status: .badRequest,
            code: "sort_invalid"),
        Case(
            method: .POST, path: "/api/v1/users",
            body: "{\"username\":\"ok.name\",\"displayName\":\"x\",\"role\":\"king\",\"regionCode\":\"410900000000\",\"password\":\"long-enough-1\"}",
            contentType: "application/json", authed: true, status: .badRequest, code: "field_invalid"),
        Case(
            method: .POST, path: "/api/v1/users",
            body: "{\"username\":\"ok.name\",\"displayName\":\"x\",\"role\":\"city_officer\",\"regionCode\":\"4109\",\"password\":\"long-enough-1\"}",
            contentType: "application/json", authed: true, status: .badRequest, code: "field_invalid"),
        Case(
            method: .POST, path: "/api/v1/users",
            body:
                "{\"username\":\"ok.name\",\"displayName\":\"x\",\"role\":\"village_officer\",\"regionCode\":\"410900000000\",\"password\":\"long-enough-1\"}",
            contentType: "application/json", authed: true, status: .badRequest, code: "role_level_mismatch"),
        Case(
            method: .POST, path: "/api/v1/users",
            body: "{\"username\":\"ok.name\",\"displayName\":\"x\",\"role\":\"city_officer\",\"regionCode\":\"410900000000\",\"password\":\"short\"}",
            contentType: "application/json", authed: true, status: .badRequest, code: "password_too_short"),
        Case(
            method: .PATCH, path: "/api/v1/users/not-a-uuid", body: "{}", contentType: "application/json", authed: true, status: .notFound,
            code: "user_not_found"),
        Case(
            method: .PATCH, path: "/api/v1/users/00000000-0000-0000-0000-000000000000", body: "{\"disabled\":\"yes\"}",
            contentType: "application/json", authed: true, status: .badRequest, code: "field_wrong_type"),
        Case(
            method: .GET, path: "/api/v1/audit?since=yesterday", body: nil, contentType: "application/json", authed: true, status: .badRequest,
            code: "date_invalid"),
    ]

    @Test func badInputGetsTheErrorShapeAndA4xx() async throws {
        try await withTestApp { app in
            let token = try await app.token("admin")
            for c in Self.cases {
                var headers: HTTPHeaders = c.authed ? .bearer(token) : [:]
                headers.replaceOrAdd(name: .contentType, value: c.contentType)
                try await app.testing().test(c.method, c.path, headers: headers, body: c.body.map { ByteBuffer(string: $0) }) { res in
                    #expect(res.status == c.status, "\(c.testDescription): \(res.status) \(res.body.string)")
                    let body = try? JSONDecoder().decode(Body.self, from: Data(res.body.readableBytesView))
                    #expect(body?.error.code == c.code, "\(c.testDescription): \(res.body.string)")
                    #expect(body?.error.message.isEmpty == false)
                }
            }
        }
    }

    @Test func messagesFollowAcceptLanguage() async throws {
        try await withTestApp(demo: false) { app in
            try await app.testing().test(.GET, "/api/v1/me", headers: ["Accept-Language": "en-US,en;q=0.9"]) { res in
                #expect(res.body.string.contains("Sign in, or send a valid bearer token."))
            }
            try await app.testing().test(.GET, "/api/v1/me", headers: ["Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"]) { res in
                #expect(res.body.string.contains("请先登录"))
            }
            try await app.testing().test(.GET, "/api/v1/me") { res in
                #expect(res.body.string.contains("请先登录"))
            }
        }
    }

    @Test func repeatedWrongPasswordsAreThrottledWithRetryAfter() async throws {
        try await withTestApp { app in
            for _ in 0..<5 {
                try await app.testing().test(
                    .POST, "/api/v1/auth/login",
                    beforeRequest: { req in
                        try req.content.encode(["username": "admin", "password": "wrong-wrong-1"])
                    }, afterResponse: { res in #expect(res.status == .unauthorized) })
            }
            try await app.testing().test(
                .POST, "/api/v1/auth/login",
                beforeRequest: { req in
                    try req.content.encode(["username": "admin", "password": demoPassword])
                },
                afterResponse: { res in
                    #expect(res.status == .tooManyRequests)
                    #expect(Int(res.headers.first(name: "Retry-After") ?? "") ?? 0 > 0)
                    #expect(res.body.string.contains("login_throttled"))
                })
        }
    }
}
