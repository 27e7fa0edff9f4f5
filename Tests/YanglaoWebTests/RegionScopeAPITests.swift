import Testing
import Vapor
import VaporTesting
import YanglaoTestSupport

/// Roles × regions × endpoints: an account sees its own subtree and nothing else.
@Suite struct RegionScopeAPITests {
    static let accounts = ["city", "county.410902", "township.410902001", "village.410902001001"]
    static let targets = ["410900000000", "410902000000", "410902001000", "410902001001", "410902001002", "410922000000", "410922001001"]
    static let endpoints = ["/api/v1/regions/%@", "/api/v1/regions/%@/descendants", "/api/v1/users?region=%@", "/api/v1/audit?region=%@"]

    static let bindings = ["city": "4109", "county.410902": "410902", "township.410902001": "410902001", "village.410902001001": "410902001001"]

    @Test func everyAccountSeesExactlyItsSubtree() async throws {
        try await withTestApp { app in
            var checked = 0
            for account in Self.accounts {
                let token = try await app.token(account)
                let prefix = Self.bindings[account]!
                for target in Self.targets {
                    for endpoint in Self.endpoints {
                        let path = endpoint.replacingOccurrences(of: "%@", with: target)
                        let inside = target.hasPrefix(prefix)
                        let roleAllowed = !path.contains("/users") && (!path.contains("/audit") || account == "city" || account == "county.410902")
                        try await app.testing().test(.GET, path, headers: .bearer(token)) { res in
                            if inside && roleAllowed {
                                #expect(res.status == .ok, "\(account) \(path)")
                            } else {
                                #expect(res.status == .forbidden || res.status == .notFound, "\(account) \(path) gave \(res.status)")
                                #expect(res.body.string.contains("\"error\""))
                            }
                        }
                        checked += 1
                    }
                }
            }
            #expect(checked == 4 * 7 * 4)
        }
    }

    @Test func theCityListsItsSixCounties() async throws {
        try await withTestApp { app in
            let token = try await app.token("admin")
            try await app.testing().test(.GET, "/api/v1/regions/410900000000", headers: .bearer(token)) { res in
                #expect(res.status == .ok)
                struct Detail: Decodable {
                    struct C: Decodable {
                        let code: String
                        let name: String
                    }
                    let children: [C]
                    let descendantCounts: [String: Int]
                }
                let detail = try res.content.decode(Detail.self)
                #expect(detail.children.map(\.name) == ["华龙区", "清丰县", "南乐县", "范县", "台前县", "濮阳县"])
                #expect(detail.descendantCounts["county"] == 6)
            }
            try await app.testing().test(.GET, "/api/v1/regions/410900000000/descendants?level=village&per=5&page=2", headers: .bearer(token)) {
                res in
                struct P: Decodable {
                    let items: [[String: String?]]
                    let total: Int
                    let page: Int
                    let per: Int
                }
                let page = try res.content.decode(P.self)
                #expect(page.items.count == 5 && page.page == 2 && page.per == 5 && page.total == 26)
            }
        }
    }

    @Test func adminsListOnlyAccountsInTheirSubtree() async throws {
        try await withTestApp { app in
            let token = try await app.token("admin")
            try await app.testing().test(.GET, "/api/v1/users?region=410922000000&per=200", headers: .bearer(token)) { res in
                struct P: Decodable {
                    struct U: Decodable { let regionCode: String }
                    let items: [U]
                    let total: Int
                }
                let page = try res.content.decode(P.self)
                #expect(page.total == page.items.count && page.total > 0)
                #expect(page.items.allSatisfy { $0.regionCode.hasPrefix("410922") })
            }
        }
    }
}
