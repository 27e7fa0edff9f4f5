import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// Every role lands on a page of its daily work; a list's pager reaches any page.
@Suite struct HomePagesTests {
    @Test(arguments: [
        ("volunteer", "/start"), ("institution", "/start"), ("village.410902001001", "/work-items"), ("worker", "/worker"), ("elder", "/family"),
    ])
    func eachRoleStartsWhereItsWorkIs(_ username: String, _ home: String) async throws {
        try await withTestApp { app in
            let browser = Browser(app: app)
            try await browser.signIn(username)
            let start = try await browser.get("/")
            #expect(start.headers.first(name: .location) == home)
            #expect(try await browser.get(home).status == .ok)
        }
    }

    @Test func aStartPageSaysWhatTheRoleCanDoNowAndWhatComesNext() async throws {
        try await withTestApp { app in
            let browser = Browser(app: app)
            try await browser.signIn("volunteer")
            let page = try await browser.get("/start")
            // The region tree means nothing to a volunteer: no 区域 in the menu.
            #expect(page.body.contains("志愿者，您好") && !page.body.contains("href=\"/regions/"))
            #expect(page.body.contains("href=\"/account/password\"") && page.body.contains("href=\"/service-list\""))
            #expect(page.body.contains("时间银行"))
            let staff = Browser(app: app)
            try await staff.signIn("institution")
            #expect(try await staff.get("/start").body.contains("床位管理"))
        }
    }

    @Test func thePagerHasFirstLastAJumpBoxAndAVisibleCurrentPage() async throws {
        try await withTestApp { app in
            try await DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher).buildElders(
                on: app.db, protection: app.dataProtection)
            let browser = Browser(app: app)
            try await browser.signIn("city")
            let page = try await browser.get("/elders?per=10&page=3&sort=name")
            let body = page.body
            #expect(body.contains("<span aria-current=\"page\" class=\"current\">3</span>"))
            #expect(body.contains(">首页</a>") && body.contains(">末页</a>"))
            #expect(body.contains("class=\"pagejump\"") && body.contains("name=\"page\" type=\"number\""))
            // The jump box keeps the list's other fields.
            #expect(body.contains("<input type=\"hidden\" name=\"sort\" value=\"name\">"))
            let first = try await browser.get("/elders?per=10&page=1")
            #expect(first.body.contains("<span class=\"disabled\">首页</span>"))
        }
    }
}
