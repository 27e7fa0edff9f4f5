import Testing
import YanglaoCore

@Suite struct AccountRulesTests {
    @Test(arguments: [
        (Role.cityOfficer, "410900000000", true), (.cityOfficer, "410902000000", false),
        (.countyOfficer, "410902000000", true), (.countyOfficer, "410902001000", false),
        (.townshipOfficer, "410902001000", true), (.villageOfficer, "410902001001", true),
        (.villageOfficer, "410902001000", false), (.systemAdmin, "410000000000", true),
        (.systemAdmin, "410902000000", false), (.elderFamily, "410902001001", true), (.elderFamily, "410900000000", false),
    ])
    func rolesBindOnlyToTheirLevels(_ role: Role, _ code: String, _ allowed: Bool) throws {
        let region = try RegionCode(code)
        if allowed {
            try AccountRules.checkBinding(role: role, region: region)
        } else {
            #expect(throws: AccountRuleViolation.roleNotAllowedAtLevel(role, region.level)) {
                try AccountRules.checkBinding(role: role, region: region)
            }
        }
    }

    @Test(arguments: ["ab", "Admin", "-lead", "中文名", "a b", String(repeating: "a", count: 65)])
    func badUsernamesAreRejected(_ name: String) {
        #expect(throws: AccountRuleViolation.usernameInvalid) { try AccountRules.checkUsername(name) }
    }

    @Test(arguments: ["admin", "county.410902", "village_1", "a-b"])
    func goodUsernamesPass(_ name: String) throws { try AccountRules.checkUsername(name) }

    @Test func passwordsNeedLengthAndVariety() throws {
        #expect(throws: AccountRuleViolation.passwordTooShort(minimum: 10)) { try AccountRules.checkPassword("abc123") }
        #expect(throws: AccountRuleViolation.passwordTooWeak) { try AccountRules.checkPassword("abcdefghijk") }
        #expect(throws: AccountRuleViolation.passwordTooWeak) { try AccountRules.checkPassword("aaaaaaaaa1") }
        try AccountRules.checkPassword("demo-pass-123")
    }

    @Test func everyRoleHasAtLeastOneLevel() {
        for role in Role.allCases { #expect(!role.allowedLevels.isEmpty, "\(role)") }
    }
}

@Suite struct LoginThrottleTests {
    let policy = LoginThrottlePolicy(window: 900, allowance: 5, baseDelay: 30, maximumDelay: 900)

    @Test func failuresWithinAllowanceNeverWait() {
        #expect(policy.retryAfter(failures: [0, 1, 2, 3], now: 4) == 0)
    }

    @Test func theFifthFailureStartsAWaitThatDoubles() {
        #expect(policy.retryAfter(failures: [0, 1, 2, 3, 4], now: 5) == 29)
        #expect(policy.retryAfter(failures: [0, 1, 2, 3, 4, 5], now: 6) == 59)
        #expect(policy.retryAfter(failures: Array(0..<30).map(Double.init), now: 30) == 899)
    }

    @Test func theWaitEndsAndOldFailuresDropOutOfTheWindow() {
        #expect(policy.retryAfter(failures: [0, 1, 2, 3, 4], now: 40) == 0)
        #expect(policy.retryAfter(failures: [0, 1, 2, 3, 4], now: 1000) == 0)
    }
}

@Suite struct ListPageTests {
    @Test func defaultsAndOffsets() throws {
        let p = try ListPage()
        #expect(p.page == 1 && p.per == 20 && p.offset == 0)
        #expect(try ListPage(page: 3, per: 50).offset == 100)
        #expect(try ListPage(page: 1, per: 20).pageCount(total: 41) == 3)
        #expect(try ListPage(page: 1, per: 20).pageCount(total: 0) == 1)
    }

    @Test func outOfRangeValuesAreRejected() {
        #expect(throws: ListPage.Problem.pageOutOfRange) { try ListPage(page: 0) }
        #expect(throws: ListPage.Problem.perOutOfRange(maximum: 200)) { try ListPage(per: 201) }
        #expect(throws: ListPage.Problem.perOutOfRange(maximum: 200)) { try ListPage(per: 0) }
    }
}
