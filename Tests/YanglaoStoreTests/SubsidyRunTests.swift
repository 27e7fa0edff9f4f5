import Fluent
import Foundation
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// A valid ID number of someone born on `birth` (YYYYMMDD) in 华龙区.
func citizenID(born birth: String, sequence: String = "123") -> String {
    let body = "410902" + birth + sequence
    return body + String(CitizenID.checkCharacter(for: body))
}

@Suite struct SubsidyRunTests {
    func runs(_ app: Application, _ username: String, today: String) async throws -> SubsidyRunService {
        SubsidyRunService(
            app.context(as: try await app.actor(username), today: CalendarDate(today)!))
    }

    /// Institutions, facilities and caregivers have no subjects yet: a scheme for them would
    /// silently pay nobody, so it is refused with the reason.
    @Test func aSchemeForSubjectsThatDoNotExistYetIsRefused() async throws {
        try await withTestApp { app in
            let configuration = SubsidyConfiguration(
                app.context(as: try await app.actor("county.410902")))
            for kind in ["institution", "facility", "caregiver"] {
                let scheme = SubsidyScheme(code: "\(kind)_operation", name: "运营补贴", subjectKind: kind, amount: .perUnit(fact: "beds", fen: 10_000))
                do {
                    try await configuration.configure(RegionCode(validated: "410902000000"), schemes: [scheme])
                    Issue.record("\(kind) should be refused")
                } catch let error as AppError {
                    #expect(error.code == "subsidy_subject_unsupported" && error.arguments["kind"] == kind)
                }
            }
        }
    }

    /// One source of truth: 华龙区 set its own 高龄津贴 (60 yuan, as its service list says),
    /// so the city's run pays 华龙区's people 60 and the other counties' the city's 50.
    @Test func theCitysRunPaysEachPersonUnderTheSchemesOfTheirOwnCounty() async throws {
        try await withTestApp { app in
            let city = try await runs(app, "city", today: "2026-11-24")
            let register = ElderService(try await runs(app, "admin", today: "2026-11-24").context)
            _ = try await register.create(People.input(People.wang, name: "王大爷"))  // 华龙区, 81
            let body = "41092219440101" + "123"
            _ = try await register.create(
                People.input(body + String(CitizenID.checkCharacter(for: body)), name: "清丰老人", region: "410922001001"))
            let report = try await city.run(CalendarMonth("2026-11")!, in: RegionCode(validated: "410900000000"))
            let lines = try await city.payments(of: report.run)
            #expect(lines.first { $0.payee == "王大爷" }?.fen == 6_000)
            #expect(lines.first { $0.payee == "清丰老人" }?.fen == 5_000)
        }
    }

    /// The amount a list promises and the scheme that pays it agree; setting either apart is
    /// refused with both amounts named. A raise is published as a list for a later day, and
    /// the schemes then follow the newest list.
    @Test func aListAndTheSchemeThatPaysItMayNotDisagree() async throws {
        try await withTestApp { app in
            let county = RegionCode(validated: "410902000000")
            let context = app.context(as: try await app.actor("county.410902"), today: People.today)
            let configuration = SubsidyConfiguration(context)
            func allowance(_ fen: Int) -> [SubsidyScheme] {
                ExampleSubsidySchemes.county.map { scheme in
                    guard scheme.code == "advanced_age_allowance", case .bands(let fact, var bands) = scheme.amount else { return scheme }
                    bands[0].fen = fen
                    var changed = scheme
                    changed.amount = .bands(fact: fact, bands: bands)
                    return changed
                }
            }
            func expectDiffers(_ error: AppError, field: String, paid: String) {
                #expect(error.problems.map(\.code) == ["listed_amount_differs"])
                #expect(error.problems.first?.field == field)
                #expect(error.problems.first?.arguments["listed"]?.hasPrefix("每月 60 元") == true)
                #expect(error.problems.first?.arguments["paid"] == paid)
            }
            do {
                try await configuration.configure(county, schemes: allowance(5_500))
                Issue.record("a scheme paying less than the list was set")
            } catch let error as AppError {
                expectDiffers(error, field: "schemes[advanced_age_allowance].amount", paid: "每月 55 元")
            }
            // A list in force from today must state what the schemes pay now.
            let lists = ServiceListService(context)
            var items = ExampleServiceLists.county
            let index = items.firstIndex { $0.code == "advanced_age_allowance" }!
            items[index].standard = .yuan(70, per: .month)
            let today = try await lists.create(for: county, ServiceListDraft(version: "今日版", validFrom: People.today.description, items: items))
            do {
                _ = try await lists.publish(today.id!)
                Issue.record("a list promising more than the scheme pays was published")
            } catch let error as AppError {
                #expect(error.problems.map(\.code) == ["listed_amount_differs"])
                #expect(error.problems.first?.field == "items[advanced_age_allowance].standard")
                #expect(error.problems.first?.arguments["listed"] == "每月 70 元" && error.problems.first?.arguments["paid"] == "每月 60 元")
            }
            // The raise from a later day: the list is published, then the schemes follow it.
            let later = try await lists.create(
                for: county, ServiceListDraft(version: "下月版", validFrom: People.today.addingDays(30).description, items: items))
            _ = try await lists.publish(later.id!)
            try await configuration.configure(county, schemes: allowance(7_000))
            #expect(
                try await configuration.schemes(for: county).first { $0.code == "advanced_age_allowance" }?.amountText.hasPrefix("80–89周岁 每月 70 元")
                    == true)
        }
    }

    @Test func aMonthIsComputedExplainedRecomputedWithItsChangesApprovedAndLocked() async throws {
        try await withTestApp { app in
            let city = try await runs(app, "city", today: "2026-11-24")
            // The demo city comes configured with the example schemes; 华龙区 pays its list's higher 高龄津贴.
            let configuration = SubsidyConfiguration(
                app.context(as: try await app.actor("city")))
            #expect(try await configuration.schemes(for: RegionCode(validated: "410922001001")) == ExampleSubsidySchemes.person)
            #expect(try await configuration.schemes(for: RegionCode(validated: "410902001001")) == ExampleSubsidySchemes.county)
            await #expect(throws: AppError(.forbidden, "subsidy_forbidden")) {
                try await SubsidyConfiguration(
                    app.context(as: try await app.actor("village.410902001001"))
                )
                .configure(RegionCode(validated: "410902000000"), schemes: [])
            }
            let county = try await runs(app, "county.410902", today: "2026-11-24")
            let register = ElderService(county.context)
            let wang = try await register.create(People.input(People.wang, name: "王大爷"))  // 81: 50 yuan
            let li = try await register.create(People.input(People.li, name: "李奶奶"))  // 90: 100 yuan
            let zhang = try await register.create(People.input(citizenID(born: "19461120"), name: "张爷爷"))  // turns 80 on 20 November
            _ = zhang

            let november = CalendarMonth("2026-11")!
            let first = try await county.run(november, in: RegionCode(validated: "410902000000"))
            #expect(first.changed && first.run.lineCount == 2 && first.run.totalFen == 16_000)
            let lines = try await county.payments(of: first.run)
            #expect(Set(lines.map(\.payee)) == ["王大爷", "李奶奶"])
            #expect(lines.first { $0.payee == "李奶奶" }?.explanation.contains("90–99周岁 每月 100 元") == true)

            // The same month again with the same facts changes nothing and pays no one twice.
            let again = try await county.run(november, in: RegionCode(validated: "410902000000"))
            #expect(!again.changed && again.run.computations == 1)
            #expect(try await SubsidyLineModel.query(on: app.db).count() == 2)

            // A death feed arrives late: 王大爷 died on 3 November (paid for November), 李奶奶 on 28 October.
            _ = try await register.changeStatus(wang.id!, to: .deceased, on: CalendarDate("2026-11-03")!, note: "公安死亡信息")
            _ = try await register.changeStatus(li.id!, to: .deceased, on: CalendarDate("2026-10-28")!, note: "公安死亡信息")
            let rerun = try await county.run(november, in: RegionCode(validated: "410902000000"))
            #expect(rerun.changed && rerun.run.computations == 2)
            #expect(rerun.recomputation.map { "\($0.kind.rawValue) \($0.beforeFen ?? 0)" } == ["stopped 10000"])
            #expect(rerun.recomputation.first?.reason.contains("已死亡") == true)
            #expect(try await county.payments(of: rerun.run).map(\.payee) == ["王大爷"])

            // December: 王大爷 stops, 张爷爷 starts (turned 80 in November; from the next month).
            let december = try await runs(app, "county.410902", today: "2026-12-10").run(
                CalendarMonth("2026-12")!, in: RegionCode(validated: "410902000000"))
            let kinds = Set(december.previousMonth.map { "\($0.kind.rawValue) \($0.afterFen ?? 0)" })
            #expect(kinds == ["stopped 0", "new 6000"])
            #expect(december.previousMonth.first { $0.kind == .new }?.reason.contains("年满80周岁") == true)

            // Approval locks the month.
            let approved = try await county.approve(rerun.run.id!)
            #expect(approved.statusValue == .approved && approved.approvedBy == "county.410902")
            await #expect(throws: AppError(.conflict, "subsidy_run_locked", field: "month", ["month": "2026-11", "region": "410902000000"])) {
                _ = try await county.run(november, in: RegionCode(validated: "410902000000"))
            }
            // The city cannot run the same month over the county's run.
            await #expect(throws: AppError(.conflict, "subsidy_run_overlap", field: "region", ["month": "2026-11", "region": "410902000000"])) {
                _ = try await city.run(november, in: RegionCode(validated: "410900000000"))
            }
            // Another county sees neither run.
            let other = try await runs(app, "county.410922", today: "2026-11-24")
            await #expect(throws: AppError(.notFound, "subsidy_run_not_found")) { _ = try await other.run(approved.id!) }
            await #expect(throws: AppError(.forbidden, "region_forbidden", field: "region", ["code": "410902000000"])) {
                _ = try await other.run(november, in: RegionCode(validated: "410902000000"))
            }
        }
    }

    @Test func theDemoHasAYearOfMonthlyRunsAllLockedButTheLast() async throws {
        try await withTestApp { app in
            let builder = DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher)
            try await builder.buildElders(on: app.db, protection: app.dataProtection)
            try await builder.buildSubsidyHistory(on: app.db, protection: app.dataProtection, today: CalendarDate("2026-11-24")!)
            let runs = try await SubsidyRunModel.query(on: app.db).sort(\.$month).all()
            #expect(runs.map(\.month) == (0..<12).map { CalendarMonth("2025-11")!.firstDay.addingMonths($0) }.map { CalendarMonth($0).description })
            #expect(runs.dropLast().allSatisfy { $0.statusValue == .approved } && runs.last?.statusValue == .computed)
            #expect(runs.allSatisfy { $0.lineCount > 0 && $0.regionCode == "410900000000" })
        }
    }
}
