import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import YanglaoCore
import YanglaoTestSupport

@testable import YanglaoStore

/// A monthly run reads only the people an SQL prefilter selects; the prefilter must never
/// leave out anyone the rules would pay.
@Suite struct EligibilityPrefilterTests {
    /// One scheme per kind of condition, with both ways of counting ages.
    static let schemes: [SubsidyScheme] = {
        func scheme(_ code: String, _ condition: EligibilityCondition, timing: ChangeTiming = .nextMonth) -> SubsidyScheme {
            SubsidyScheme(code: code, name: code, eligibility: condition, amount: .fixed(fen: 100), timing: timing)
        }
        return [
            scheme("age80", .all([.inRegister, .localHousehold, .ageAtLeast(80)])),
            scheme("age85_same_month", .all([.inRegister, .ageAtLeast(85)]), timing: .sameMonth),
            scheme("young_alone", .all([.ageBelow(70), .category(.livingAlone)])),
            scheme("advanced_age_category", .category(.advancedAge)),
            scheme("poor", .all([.inRegister, .anyCategory([.extremePoverty, .minimumLiving])])),
            scheme("disabled_poor", .all([.inRegister, .anyCategory([.extremePoverty, .minimumLiving, .lowIncome]), .abilityAtLeast(.moderate)])),
            scheme("county_or_empty_nest", .any([.region(RegionCode(validated: "410922000000")), .category(.emptyNest)])),
            scheme("not_local", .not(.all([.localHousehold, .ageBelow(75)]))),
        ]
    }()

    func lines(_ schemes: [SubsidyScheme], _ region: RegionCode, _ month: CalendarMonth, narrowed: Bool, on db: any Database) async throws -> Set<
        SubsidyLine
    > {
        let scoped = ScopedDatabase(database: db, root: nil)
        let population = try await SubsidyPopulation.load(
            region, narrowedTo: narrowed ? EligibilityPrefilter.sql(for: schemes, in: month) : nil, scoped: scoped)
        return Set(SubsidyCalculator.lines(schemes, population.subjects, in: month))
    }

    @Test func thePrefilterLeavesOutNoOneTheRulesWouldPay() async throws {
        try await withTestApp { app in
            let builder = DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher)
            try await builder.buildElders(on: app.db, protection: app.dataProtection)
            // Some people leave the register, before and after the start of the month.
            let register = ElderService(
                app.context(as: .commandLine(), today: CalendarDate("2026-11-24")!))
            let ids = try await ElderModel.query(on: app.db).sort(\.$birthDate).limit(6).all().map { try $0.requireID() }
            for (i, id) in ids.enumerated() {
                _ = try await register.changeStatus(
                    id, to: i % 2 == 0 ? .deceased : .movedAway,
                    on: CalendarDate("2026-10-28")!.addingDays(i * 2), note: nil)
            }
            let city = RegionCode(validated: "410900000000")
            let township = RegionCode(validated: "410902001000")
            for month in ["2026-11", "2027-02"].compactMap(CalendarMonth.init) {
                for scheme in Self.schemes.filter({ $0.code != "not_local" }) {
                    let all = try await lines([scheme], city, month, narrowed: false, on: app.db)
                    let narrowed = try await lines([scheme], city, month, narrowed: true, on: app.db)
                    #expect(!all.isEmpty, "\(scheme.code) pays someone in the demo")
                    #expect(all.subtracting(narrowed).map(\.subjectKey).sorted() == [], "\(scheme.code) \(month): left out")
                    #expect(narrowed.count == all.count, "\(scheme.code) \(month)")
                }
                let narrowing = Array(Self.schemes.dropLast())
                for region in [city, township] {
                    let all = try await lines(narrowing, region, month, narrowed: false, on: app.db)
                    #expect(all.subtracting(try await lines(narrowing, region, month, narrowed: true, on: app.db)).map(\.subjectKey).sorted() == [])
                }
            }
            // It does narrow: the 高龄 scheme reads far fewer people than the register holds.
            let month = CalendarMonth("2026-11")!
            let everyone = try await SubsidyPopulation.load(city, narrowedTo: nil, scoped: ScopedDatabase(database: app.db, root: nil)).subjects.count
            let candidates = try await SubsidyPopulation.load(
                city, narrowedTo: EligibilityPrefilter.sql(for: [Self.schemes[0]], in: month),
                scoped: ScopedDatabase(database: app.db, root: nil)
            ).subjects.count
            #expect(candidates > 0 && candidates * 3 < everyone)
            // A negated condition cannot narrow, so the run reads everyone.
            #expect(EligibilityPrefilter.sql(for: [Self.schemes.last!], in: month) == nil)
        }
    }
}
