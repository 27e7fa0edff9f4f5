import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 统计: the register of a region counted by status, child region, age band, sex and category.
/// Everything but `byStatus` counts people in the register (status active) only.
public struct ElderStats: Sendable {
    public let region: RegionModel
    public let today: CalendarDate
    public let total: Int
    public let byStatus: [ElderStatus: Int]
    public let byChild: [(region: RegionModel, count: Int)]
    public let byAgeBand: [AgeBand: Int]
    public let bySex: [Sex: Int]
    public let byCategory: [ElderCategory: Int]
    /// 入网: people of the register with an enrolment date.
    public let enrolled: Int
}

extension ElderService {
    public func stats(of code: RegionCode) async throws -> ElderStats {
        try requireRead()
        try scoped.authorize(code)
        return try await cached("stats|\(code.value)|\(today)") { try await computeStats(of: code) }
    }

    /// Recounts the villages changed since the last recount (all of them on a new day), one
    /// recount at a time on this node. Statistics call it; a serving node also calls it
    /// every few minutes so the day's first reader does not wait for a whole city's count.
    public func refreshTallies() async throws {
        if let gate = readCache?.tallyGate {
            try await gate.run { try await VillageTallies.refresh(on: scoped.database, today: today) }
        } else {
            try await VillageTallies.refresh(on: scoped.database, today: today)
        }
    }

    /// The sums of the village tallies in `code`, after recounting the villages changed since.
    func computeStats(of code: RegionCode) async throws -> ElderStats {
        let summary = try await scoped.regionSummary(code)
        let width = (code.level.child ?? code.level).prefixLength
        var sum: (total: RegisterTally, byChild: [String: Int], unreadable: [String])
        var attempts = 0
        repeat {
            try await refreshTallies()
            sum = try await VillageTallies.sum(
                where: try scoped.sqlPredicate(column: "village_code", within: code),
                childWidth: width, on: scoped.sql)
            attempts += 1
        } while !sum.unreadable.isEmpty && attempts < 2  // a damaged tally is marked, recounted and read again
        let byAgeBand = sum.total.counts(.band, as: AgeBand.self)
        var byCategory = sum.total.counts(.category, as: ElderCategory.self)
        byCategory[.advancedAge] = AgeBand.allCases.filter { $0.lowerAge >= ElderCategory.advancedAgeFrom }.reduce(0) { $0 + (byAgeBand[$1] ?? 0) }
        let byChild = summary.children.map { child in
            (region: child, count: sum.byChild[String(child.id!.prefix(width))] ?? 0)
        }
        return ElderStats(
            region: summary.region, today: today, total: sum.total.active, byStatus: sum.total.counts(.status, as: ElderStatus.self),
            byChild: byChild, byAgeBand: byAgeBand, bySex: sum.total.counts(.sex, as: Sex.self), byCategory: byCategory,
            enrolled: sum.total.count(.enrolment, RegisterTally.Enrolment.enrolled.rawValue))
    }
}

/// `CASE WHEN c1 THEN v1 … ELSE v END`, which SQLKit has no builder for.
struct SQLCaseExpression: SQLExpression {
    let cases: [(any SQLExpression, any SQLExpression)]
    let otherwise: any SQLExpression

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("CASE")
        for (condition, value) in cases {
            serializer.write(" WHEN ")
            condition.serialize(to: &serializer)
            serializer.write(" THEN ")
            value.serialize(to: &serializer)
        }
        serializer.write(" ELSE ")
        otherwise.serialize(to: &serializer)
        serializer.write(" END")
    }
}
