import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport
import YanglaoWeb

/// The register over HTTP: create, read, change, status, list, stats; scoping and errors.
@Suite struct ElderAPITests {
    static let wang = "410902194503151238"
    static let li = "410928193602290048"

    struct Created: Decodable {
        let id: UUID
        let citizenId: String
        let phone: String?
        let categories: [String]
    }
    struct Detail: Decodable {
        let id: UUID
        let citizenId: String
        let phone: String?
        let contacts: [[String: String]]
        let age: Int
    }
    struct ErrorBody: Decodable {
        struct E: Decodable {
            let code: String
            let message: String
            let field: String?
            let details: [D]?
        }
        struct D: Decodable {
            let code: String
            let field: String?
        }
        let error: E
    }

    static func body(_ id: String, name: String, region: String) -> [String: any Sendable] {
        [
            "citizenId": id, "name": name, "phone": "13812345678", "address": "中原路1号", "regionCode": region,
            "categories": [["category": "低保", "since": "2020-01-01"]], "contacts": [["name": "王强", "relation": "儿子", "phone": "13912345678"]],
        ]
    }

    static func create(_ app: Application, token: String, _ body: [String: any Sendable]) async throws -> Created {
        var created: Created?
        try await app.testing().test(
            .POST, "/api/v1/elders", headers: .bearerJSON(token), body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)),
            afterResponse: { res in
                #expect(res.status == .created, "\(res.body.string)")
                created = try res.content.decode(Created.self)
            })
        return try #require(created)
    }

    /// 王大爷 of 410902001001, created over the API by `token`.
    static func createWang(_ app: Application, token: String) async throws -> Created {
        try await create(app, token: token, body(wang, name: "王大爷", region: "410902001001"))
    }

    @Test func createListReadAndAuditOverHTTP() async throws {
        try await withTestApp { app in
            let token = try await app.token("village.410902001001")
            let made = try await Self.create(app, token: token, Self.body(Self.wang, name: "王大爷", region: "410902001001"))
            #expect(made.citizenId == "410902********1238" && made.phone == "138****5678")
            #expect(made.categories == ["minimum_living", "advanced_age"])

            try await app.testing().test(.GET, "/api/v1/elders?category=minimum_living&minAge=80", headers: .bearer(token)) { res in
                #expect(res.status == .ok)
                #expect(!res.body.string.contains(Self.wang) && !res.body.string.contains("13812345678"))
                #expect(res.body.string.contains("\"total\":1"))
            }
            try await app.testing().test(.GET, "/api/v1/elders/\(made.id)", headers: .bearer(token)) { res in
                let detail = try res.content.decode(Detail.self)
                #expect(detail.citizenId == Self.wang && detail.phone == "13812345678" && detail.contacts.first?["phone"] == "13912345678")
            }
            try await app.testing().test(.GET, "/api/v1/audit?action=elder.read", headers: .bearer(try await app.token("county.410902"))) { res in
                #expect(res.body.string.contains("\"total\":1") && res.body.string.contains(made.id.uuidString))
            }
        }
    }

    @Test func aVillageOfficerCannotListReadChangeOrAddPeopleOfAnotherVillage() async throws {
        try await withTestApp { app in
            let mine = try await app.token("village.410902001001")
            let other = try await app.token("village.410902001002")
            let made = try await Self.create(app, token: mine, Self.body(Self.wang, name: "王大爷", region: "410902001001"))
            let attempts: [(HTTPMethod, String, String?)] = [
                (.GET, "/api/v1/elders/\(made.id)", nil),
                (.PATCH, "/api/v1/elders/\(made.id)", #"{"name":"改名"}"#),
                (.POST, "/api/v1/elders/\(made.id)/status", #"{"status":"deceased","date":"2026-01-01"}"#),
                (.GET, "/api/v1/elders?region=410902001001", nil),
                (.GET, "/api/v1/elders/stats?region=410902001001", nil),
                (.GET, "/api/v1/elders/stats?region=410902001000", nil),
                (.POST, "/api/v1/elders", #"{"citizenId":"410928193602290048","name":"李奶奶","regionCode":"410902001001"}"#),
            ]
            for (method, path, json) in attempts {
                try await app.testing().test(
                    method, path, headers: .bearer(other),
                    beforeRequest: { req in
                        if let json {
                            req.headers.contentType = .json
                            req.body = ByteBuffer(string: json)
                        }
                    },
                    afterResponse: { res in
                        #expect(res.status == .forbidden || res.status == .notFound, "\(method) \(path) gave \(res.status)")
                        let body = try res.content.decode(ErrorBody.self)
                        #expect(!body.error.code.isEmpty)
                    })
            }
            try await app.testing().test(.GET, "/api/v1/elders", headers: .bearer(other)) { res in
                #expect(res.status == .ok && res.body.string.contains("\"total\":0"))
            }
            // Roles without register access get 403 even inside their region.
            try await app.testing().test(.GET, "/api/v1/elders", headers: .bearer(try await app.token("worker"))) { res in
                #expect(res.status == .forbidden)
            }
        }
    }

    @Test func badInputIsExplainedFieldByField() async throws {
        try await withTestApp { app in
            let token = try await app.token("county.410902")
            let cases: [(String, Int, String, String?)] = [
                (#"{"citizenId":"410902194503151237","name":"王","regionCode":"410902001001"}"#, 400, "citizen_id_check", "citizenId"),
                (#"{"citizenId":"41090219450315123","name":"王","regionCode":"410902001001"}"#, 400, "citizen_id_length", "citizenId"),
                (#"{"citizenId":"410902194502301234","name":"王","regionCode":"410902001001"}"#, 400, "citizen_id_birth_date", "citizenId"),
                (#"{"citizenId":"410902194503151238","name":"","regionCode":"410902001000"}"#, 400, "required", "name"),
                (
                    #"{"citizenId":"410902194503151238","name":"王","regionCode":"410902001001","latitude":"north"}"#, 400, "field_wrong_type",
                    "latitude"
                ),
                (#"{"citizenId":"410902194503151238","name":"王","regionCode":"410902009001"}"#, 400, "region_not_found", "regionCode"),
                (#"{"citizenId":"410902194503151238","name":"王","regionCode":"410922001001"}"#, 403, "region_forbidden", "regionCode"),
                (#"{"citizenId":"410902194503151238","#, 400, "body_invalid", nil),
            ]
            for (json, status, code, field) in cases {
                try await app.testing().test(
                    .POST, "/api/v1/elders", headers: .bearerJSON(token), body: ByteBuffer(string: json),
                    afterResponse: { res in
                        #expect(res.status.code == UInt(status), "\(json): \(res.body.string)")
                        let body = try res.content.decode(ErrorBody.self)
                        #expect(body.error.code == code && body.error.field == field, "\(json): \(res.body.string)")
                    })
            }
            // Several problems at once are all listed.
            try await app.testing().test(
                .POST, "/api/v1/elders", headers: .bearerJSON(token), body: ByteBuffer(string: #"{"citizenId":"x","name":"","regionCode":"1"}"#),
                afterResponse: { res in
                    let body = try res.content.decode(ErrorBody.self)
                    #expect(body.error.details?.map(\.field) == ["citizenId", "name", "regionCode"])
                })
            for path in ["/api/v1/elders/not-a-uuid", "/api/v1/elders/\(UUID())"] {
                try await app.testing().test(.GET, path, headers: .bearer(token)) { res in #expect(res.status == .notFound) }
            }
            for query in ["category=nope", "minAge=200", "minAge=90&maxAge=80", "status=alive", "sort=phone", "citizenId=123"] {
                try await app.testing().test(.GET, "/api/v1/elders?\(query)", headers: .bearer(token)) { res in
                    #expect(res.status == .badRequest, "\(query)")
                }
            }
        }
    }

    @Test func statsCountTheRegion() async throws {
        try await withTestApp { app in
            let token = try await app.token("county.410902")
            _ = try await Self.create(app, token: token, Self.body(Self.wang, name: "王大爷", region: "410902001001"))
            _ = try await Self.create(app, token: token, Self.body(Self.li, name: "李奶奶", region: "410902001002"))
            try await app.testing().test(.GET, "/api/v1/elders/stats", headers: .bearer(token)) { res in
                struct S: Decodable {
                    let total: Int
                    let byAgeBand: [String: Int]
                    let bySex: [String: Int]
                    let byCategory: [String: Int]
                }
                let s = try res.content.decode(S.self)
                #expect(s.total == 2 && s.byAgeBand["80-84"] == 1 && s.byAgeBand["90-99"] == 1)
                #expect(s.bySex == ["male": 1, "female": 1] && s.byCategory["minimum_living"] == 2)
            }
        }
    }
}

/// The database file itself: no ID or phone number in clear text, and the key is checked.
@Suite struct EncryptionAtRestTests {
    @Test func theSQLiteFileHoldsNoNumberInClearText() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("register.sqlite").path
        let protection = DataProtection.ephemeral()

        let app = try await Application.make(.testing)
        var config = AppConfig(database: .sqliteFile(path: path), bcryptCost: 4)
        config.dataProtection = protection
        try configure(app, config: config)
        try await migrate(app)
        try await DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher).build(
            on: app.db, protection: app.dataProtection, password: demoPassword)
        let token = try await app.token("county.410902")
        _ = try await ElderAPITests.createWang(app, token: token)
        try await app.asyncShutdown()

        var bytes = Data()
        for suffix in ["", "-wal"] {
            if let data = FileManager.default.contents(atPath: path + suffix) { bytes.append(data) }
        }
        #expect(bytes.count > 10_000)
        for secret in [ElderAPITests.wang, "13812345678", "13912345678", "19450315"] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) found in the database file")
        }
        #expect(bytes.range(of: Data("王大爷".utf8)) != nil)  // the check itself can find text

        // Another key for the same file is refused at start.
        let again = try await Application.make(.testing)
        var wrong = AppConfig(database: .sqliteFile(path: path), bcryptCost: 4)
        wrong.dataProtection = .ephemeral()
        try configure(again, config: wrong)
        await #expect(throws: DataProtectionError.self) { try await migrate(again) }
        try await again.asyncShutdown()
    }
}

@Suite struct ElderExportTests {
    @Test func exportsAreMaskedFilteredAndAudited() async throws {
        try await withTestApp { app in
            let token = try await app.token("county.410902")
            _ = try await ElderAPITests.createWang(app, token: token)
            _ = try await ElderAPITests.create(app, token: token, ElderAPITests.body(ElderAPITests.li, name: "李奶奶", region: "410902001002"))
            try await app.testing().test(.GET, "/api/v1/elders/export?format=csv&region=410902001001", headers: .bearer(token)) { res in
                #expect(res.status == .ok)
                let text = res.body.string
                #expect(text.contains("王大爷") && !text.contains("李奶奶"))
                #expect(text.contains("410902********1238") && text.contains("138****5678") && !text.contains(ElderAPITests.wang))
            }
            try await app.testing().test(.GET, "/api/v1/elders/export?region=410922000000", headers: .bearer(token)) { res in
                #expect(res.status == .forbidden)
            }
            try await app.testing().test(.GET, "/api/v1/audit?action=elder.export", headers: .bearer(token)) { res in
                #expect(res.body.string.contains("rows=1 format=csv"))
            }
        }
    }
}
