import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport
import YanglaoWeb

/// 任务清单: targets per region and year, progress live from a figure or reported with
/// evidence, flagged when late or at risk, and summed for the region above.
@Suite struct TargetListTests {
    @Test func aDistrictsTargetsReadLiveFiguresAndReportedProgressAndRollUpToTheCity() async throws {
        try await withTestApp { app in
            try await DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher).buildElders(
                on: app.db, protection: app.dataProtection)
            try await DemoTargets.add(app)
            let county = TargetService(app.context(as: try await app.actor("county.410902")))
            let district = try RegionCode("410902000000")
            let year = CalendarDate.today().year
            let live = try #require(try await county.list(district, year: year).first { $0.target.figure == "people.enrolled" })
            let cockpit = try await CockpitService(app.context(as: try await app.actor("county.410902"))).read(
                district, period: StatPeriod(.year, containing: CalendarMonth(year: year, month: 1)!))
            #expect(live.live && live.current == cockpit.figure("people.enrolled")?.value)
            #expect(live.state != .met)

            // Huaiyang's 2022 list: reported by hand, one met, one late (6 of 7 by the end of 2022).
            let of2022 = try await county.list(district, year: 2022)
            #expect(of2022.count == 3 && of2022.allSatisfy { !$0.live })
            #expect(of2022.first { $0.target.title == "街道综合养老服务中心" }?.state == .met)
            let facilities = try #require(of2022.first { $0.target.title == "社区养老服务设施" })
            #expect(facilities.state == .late && facilities.current == 6)
            #expect(of2022.first { $0.target.title == "区级养老机构" }?.state == .late)
            // 2025's beds are not reported: late once 2025 has passed.
            #expect(try await county.list(district, year: 2025).allSatisfy { $0.state == .late && $0.current == nil })

            // A township adds its own: the county's page sums it with the rest below.
            let township = TargetService(app.context(as: try await app.actor("township.410902001")))
            let own = try await township.create(
                for: try RegionCode("410902001000"),
                TargetInput(
                    year: year, title: "老年人入网", figure: "people.enrolled", unit: nil, targetValue: 10, deadline: "\(year)-12-31",
                    responsibleUnit: "胜利路街道办事处"))
            let countyList = try await county.list(district, year: year)
            #expect(countyList.first?.target.regionCode == district.value)
            #expect(countyList.contains { $0.target.id == own.id })
            let rollup = TargetRollup.of(countyList, below: district)
            #expect(rollup.count == 1 && rollup[0].regions == 1 && rollup[0].target == 10)
            // The city sees the district's and the township's.
            let city = TargetService(app.context(as: try await app.actor("city")))
            #expect(try await city.list(try RegionCode("410900000000"), year: year).count == countyList.count)
        }
    }

    @Test func badTargetsAndOtherRegionsAreRefusedAndNothingIsWritten() async throws {
        try await withTestApp { app in
            let county = TargetService(app.context(as: try await app.actor("county.410902")))
            let district = try RegionCode("410902000000")
            func input(
                year: Int = 2026, title: String = "养老床位", figure: String? = nil, unit: String? = "items", value: Double = 100,
                deadline: String = "2026-12-31", responsible: String = "华龙区民政局"
            ) -> TargetInput {
                TargetInput(
                    year: year, title: title, figure: figure, unit: unit, targetValue: value, deadline: deadline, responsibleUnit: responsible)
            }
            let bad: [(TargetInput, String)] = [
                (input(title: " "), "target_title"),
                (input(value: 0), "target_value"),
                (input(value: -3), "target_value"),
                (input(deadline: "2027-01-31"), "target_deadline_year"),
                (input(deadline: "2026-02-30"), "date_invalid"),
                (input(figure: "nope"), "figure_unknown"),
                (input(figure: "people.enrolment_rate", value: 120), "out_of_range"),
                (input(unit: "km"), "target_unit"),
                (input(responsible: ""), "target_responsible"),
            ]
            for (given, code) in bad {
                await #expect(throws: AppError.self) { _ = try await county.create(for: district, given) }
                do { _ = try await county.create(for: district, given) } catch let error as AppError { #expect(error.code == code) }
            }
            // Another county, and a village officer.
            await #expect(throws: AppError.self) { _ = try await county.create(for: try RegionCode("410922000000"), input()) }
            let village = TargetService(app.context(as: try await app.actor("village.410902001001")))
            await #expect(throws: AppError.self) { _ = try await village.create(for: try RegionCode("410902001001"), input()) }
            #expect(try await TargetModel.query(on: app.db).count() == 0)

            // Progress by hand needs evidence; a live target takes none.
            let beds = try await county.create(for: district, input())
            await #expect(throws: AppError.self) { _ = try await county.report(beds.id!, value: 40, evidence: "ok") }
            await #expect(throws: AppError.self) { _ = try await county.report(beds.id!, value: -1, evidence: "验收记录第 3 号") }
            _ = try await county.report(beds.id!, value: 40, evidence: "验收记录第 3 号")
            let reported = try #require(try await TargetModel.find(beds.id, on: app.db))
            #expect(reported.reportedValue == 40 && reported.evidence == "验收记录第 3 号" && reported.reportedBy == "county.410902")
            let enrolled = try await county.create(for: district, input(figure: "people.enrolled", unit: nil))
            await #expect(throws: AppError.self) { _ = try await county.report(enrolled.id!, value: 5, evidence: "验收记录第 4 号") }
            #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "target.report").count() == 1)
        }
    }

    @Test func thePageListsAddsReportsAndDeletesWithConfirmation() async throws {
        try await withTestApp { app in
            let browser = Browser(app: app)
            try await browser.signIn("county.410902")
            let empty = try await browser.get("/cockpit/410902000000/targets?year=2026")
            #expect(empty.status == .ok && empty.body.contains("id=\"targets-empty\""))
            let bad = try await browser.post(
                "/cockpit/410902000000/targets",
                form: ["year": "2026", "title": "养老床位", "targetValue": "abc", "deadline": "2026-12-31", "responsibleUnit": "华龙区民政局"])
            #expect(bad.status == .seeOther)
            #expect(try await TargetModel.query(on: app.db).count() == 0)
            _ = try await browser.post(
                "/cockpit/410902000000/targets",
                form: [
                    "year": "2026", "title": "养老床位", "figure": "", "unit": "items", "targetValue": "7763", "deadline": "2026-12-31",
                    "responsibleUnit": "华龙区民政局",
                ])
            let target = try #require(try await TargetModel.query(on: app.db).first())
            let page = try await browser.get("/cockpit/410902000000/targets?year=2026")
            #expect(page.body.contains("养老床位") && page.body.contains("7763") && page.body.contains("/targets/\(target.id!.uuidString)/report"))
            _ = try await browser.post("/cockpit/410902000000/targets/\(target.id!.uuidString)/delete", form: ["year": "2026"])
            #expect(try await TargetModel.query(on: app.db).count() == 1)
            _ = try await browser.post("/cockpit/410902000000/targets/\(target.id!.uuidString)/delete", form: ["year": "2026", "confirm": "yes"])
            #expect(try await TargetModel.query(on: app.db).count() == 0)
            // Another county's list is not this officer's.
            #expect(try await browser.get("/cockpit/410922000000/targets").status == .forbidden)
        }
    }
}
