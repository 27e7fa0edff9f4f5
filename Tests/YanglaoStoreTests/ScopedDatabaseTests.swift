import Fluent
import Foundation
import Testing
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

@Suite struct ScopedDatabaseTests {
    @Test func aVillageScopeSeesOnlyItsVillage() async throws {
        try await withTestApp { app in
            let scoped = ScopedDatabase(database: app.db, actor: try await app.actor("village.410902001001"))
            let regions = try await scoped.query(RegionModel.self).all().compactMap(\.id)
            #expect(regions == ["410902001001"])
            let users = try await scoped.query(UserModel.self).all().map(\.regionCode)
            #expect(!users.isEmpty && users.allSatisfy { $0 == "410902001001" })
            #expect(try await scoped.find(RegionModel.self, id: "410902001002") == nil)
            #expect(throws: OutsideRegionScope.self) { try scoped.query(RegionModel.self, within: RegionCode("410902000000")) }
        }
    }

    @Test func aCountyScopeSeesItsWholeSubtreeAndNoOtherCounty() async throws {
        try await withTestApp { app in
            let scoped = ScopedDatabase(database: app.db, actor: try await app.actor("county.410902"))
            let codes = try await scoped.query(RegionModel.self).all().compactMap(\.id)
            let plan = DemoCityPlan(size: .tiny)
            let expected = plan.regions.filter { $0.code.value.hasPrefix("410902") }.map(\.code.value)
            #expect(Set(codes) == Set(expected))
        }
    }

    @Test func theSQLPredicateMatchesTheQueryBuilder() async throws {
        try await withTestApp { app in
            let scoped = ScopedDatabase(database: app.db, actor: try await app.actor("township.410902001"))
            let rows = try await scoped.sql.select().column("code").from("regions")
                .where(try scoped.sqlPredicate(column: "code")).all()
            let viaSQL = Set(try rows.map { try $0.decode(column: "code", as: String.self) })
            let viaBuilder = Set(try await scoped.query(RegionModel.self).all().compactMap(\.id))
            #expect(viaSQL == viaBuilder && viaSQL.count == 3)
        }
    }

    @Test func regionSummaryCountsTheSubtree() async throws {
        try await withTestApp { app in
            let scoped = ScopedDatabase(database: app.db, actor: try await app.actor("city"))
            let summary = try await scoped.regionSummary(RegionCode("410900000000"))
            let plan = DemoCityPlan(size: .tiny)
            #expect(summary.children.count == 6)
            #expect(summary.descendantCounts[.county] == 6)
            #expect(summary.descendantCounts[.township] == plan.count(at: .township))
            #expect(summary.descendantCounts[.village] == plan.count(at: .village))
            #expect(summary.accountCount == plan.accounts.count)
            let hualong = summary.childCounts["410902000000"]
            #expect(hualong?.descendants == plan.regions.count { $0.code.value.hasPrefix("410902") && $0.code.level > .county })
            #expect(hualong?.accounts == plan.accounts.count { $0.region.value.hasPrefix("410902") })
            #expect(summary.lineage.compactMap(\.id) == ["410900000000"])  // the province is above the city scope
        }
    }

    @Test func theLineageStopsAtTheScopeAndVillagesHaveNoChildCounts() async throws {
        try await withTestApp { app in
            let scoped = ScopedDatabase(database: app.db, actor: try await app.actor("township.410902001"))
            let township = try await scoped.regionSummary(RegionCode("410902001000"))
            #expect(township.lineage.compactMap(\.id) == ["410902001000"])
            #expect(township.children.count == township.descendantCounts[.village])
            #expect(township.childCounts["410902001001000"] == nil)
            let village = try await scoped.regionSummary(RegionCode("410902001001"))
            #expect(village.lineage.compactMap(\.id) == ["410902001000", "410902001001"])
            #expect(village.children.isEmpty && village.descendantCounts.isEmpty && village.childCounts.isEmpty)
            #expect(village.accountCount == DemoCityPlan(size: .tiny).accounts.count { $0.region.value == "410902001001" })
        }
    }
}

@Suite struct AccountServiceTests {
    @Test func creatingAnAccountValidatesAndAudits() async throws {
        try await withTestApp { app in
            let admin = try await app.actor("admin")
            let service = AccountService(app.context(as: admin), hasher: app.passwordHasher)
            let user = try await service.create(
                .init(
                    username: "Zhang.San", displayName: "张三", role: .villageOfficer,
                    region: RegionCode("410902001002"), password: "long-enough-1"))
            #expect(user.username == "zhang.san")
            let entries = try await AuditEntryModel.query(on: app.db).filter(\.$action == "user.create").all()
            #expect(entries.count == 1 && entries[0].recordID == user.id?.uuidString && entries[0].actorUsername == "admin")

            await #expect(throws: AppError(.conflict, "username_taken", field: "username", ["username": "zhang.san"])) {
                _ = try await service.create(
                    .init(
                        username: "zhang.san", displayName: "x", role: .villageOfficer,
                        region: RegionCode("410902001002"), password: "long-enough-1"))
            }
            await #expect(throws: AppError.self) {
                _ = try await service.create(
                    .init(
                        username: "li.si", displayName: "李四", role: .villageOfficer,
                        region: RegionCode("410902001000"), password: "long-enough-1"))
            }
            await #expect(throws: AppError(.invalidInput, "region_not_found", field: "regionCode", ["code": "410902001099"])) {
                _ = try await service.create(
                    .init(
                        username: "wang.wu", displayName: "王五", role: .villageOfficer,
                        region: RegionCode("410902001099"), password: "long-enough-1"))
            }
        }
    }

    @Test func onlyAdminsManageAccountsAndOnlyInsideTheirScope() async throws {
        try await withTestApp { app in
            let county = AccountService(
                app.context(as: try await app.actor("county.410902")),
                hasher: app.passwordHasher)
            await #expect(throws: AppError(.forbidden, "admin_only")) {
                _ = try await county.create(
                    .init(
                        username: "x.y", displayName: "x", role: .villageOfficer,
                        region: RegionCode("410902001002"), password: "long-enough-1"))
            }
            let other = try await UserModel.query(on: app.db).filter(\.$username == "county.410922").first()!
            await #expect(throws: AppError(.notFound, "user_not_found")) { _ = try await county.get(other.requireID()) }
        }
    }

    /// A token found valid is kept for a second: a change made on this server applies at once,
    /// one made elsewhere (here: straight in the database) at most a second later.
    @Test func aTokenIsReadAfreshAfterAChangeHereAndWithinASecondOfOneElsewhere() async throws {
        try await withTestApp { app in
            let admin = AccountService(
                app.context(as: try await app.actor("admin")), hasher: app.passwordHasher)
            let target = try await admin.find(username: "hotline")
            let issued = try await TokenStore.issue(for: target, lifetime: 3600, address: nil, on: app.db)
            let start = Date()
            #expect(try await TokenStore.authenticate(issued.token, on: app.db, now: start)?.user.role == Role.hotlineOperator.rawValue)
            _ = try await admin.update(target.requireID(), .init(role: .townshipOfficer, region: try RegionCode("410902001000")))
            #expect(try await TokenStore.authenticate(issued.token, on: app.db, now: start)?.user.role == Role.townshipOfficer.rawValue)
            // Revoked by another server: this one answers from what it read for under a second more.
            try await ApiTokenModel.query(on: app.db).set(\.$revokedAt, to: start).update()
            #expect(try await TokenStore.authenticate(issued.token, on: app.db, now: start.addingTimeInterval(0.5)) != nil)
            #expect(try await TokenStore.authenticate(issued.token, on: app.db, now: start.addingTimeInterval(1.1)) == nil)
        }
    }

    @Test func disablingRevokesTokensAndResetChangesThePassword() async throws {
        try await withTestApp { app in
            let admin = AccountService(
                app.context(as: try await app.actor("admin")), hasher: app.passwordHasher)
            let target = try await admin.find(username: "hotline")
            let issued = try await TokenStore.issue(for: target, lifetime: 3600, address: nil, on: app.db)
            #expect(try await TokenStore.authenticate(issued.token, on: app.db) != nil)
            _ = try await admin.update(target.requireID(), .init(disabled: true))
            #expect(try await TokenStore.authenticate(issued.token, on: app.db) == nil)
            _ = try await admin.update(target.requireID(), .init(disabled: false))
            try await admin.resetPassword(target.requireID(), to: "brand-new-pass-9")
            let login = LoginService(database: app.db, hasher: app.passwordHasher)
            _ = try await login.login(username: "hotline", password: "brand-new-pass-9", address: "10.0.0.1")
            await #expect(throws: AppError(.unauthenticated, "login_failed")) {
                _ = try await login.login(username: "hotline", password: demoPassword, address: "10.0.0.1")
            }
        }
    }

    @Test func repeatedFailuresSlowTheGuessersAddressWithoutLockingTheAccountHolderOut() async throws {
        try await withTestApp { app in
            let login = LoginService(database: app.db, hasher: app.passwordHasher)
            for _ in 0..<5 {
                await #expect(throws: AppError(.unauthenticated, "login_failed")) {
                    _ = try await login.login(username: "city", password: "wrong-password-1", address: "10.0.0.2")
                }
            }
            // The guesser's address must now wait, even with the right password…
            do {
                _ = try await login.login(username: "city", password: demoPassword, address: "10.0.0.2")
                Issue.record("the sixth attempt from the guessing address should be throttled")
            } catch let error as AppError {
                #expect(error.code == "login_throttled")
                guard case .rateLimited(let seconds) = error.kind else {
                    Issue.record("no retry-after")
                    return
                }
                #expect(seconds > 0)
            }
            // …but the account holder signs in from their own address at once (finding 6 of issue 19).
            _ = try await login.login(username: "city", password: demoPassword, address: "10.0.0.3")
            // Another account from a fresh address is not affected.
            _ = try await login.login(username: "hotline", password: demoPassword, address: "10.0.0.4")
            // An address that tries many accounts is throttled after its own, larger allowance.
            for i in 0..<20 {
                _ = try? await login.login(username: "nobody\(i)", password: "x", address: "10.0.0.9")
            }
            do {
                _ = try await login.login(username: "hotline", password: demoPassword, address: "10.0.0.9")
                Issue.record("the address should be throttled")
            } catch let error as AppError {
                #expect(error.code == "login_throttled")
            }
        }
    }
}
