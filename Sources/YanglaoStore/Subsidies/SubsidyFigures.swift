import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// The subsidies' figures, by the month a run pays for: payments (人次) and amounts of the
/// approved runs, by scheme, and what computed runs still wait to approve.
public struct SubsidyFigures: CountedFigureSource {
    public let name = "subsidies"
    public let markedTables = [SubsidyLineModel.schema, SubsidyRunModel.schema]

    public init() {}

    static let otherScheme = "other"
    static let schemes = ExampleSubsidySchemes.person.map(\.code) + [otherScheme]

    public let layout = SlotLayout(
        ["paid.n", "paid.fen", "pending.n", "pending.fen"] + Self.schemes.flatMap { ["scheme.\($0).n", "scheme.\($0).fen"] })

    public var figures: [FigureDefinition] {
        var out: [FigureDefinition] = [
            FigureDefinition("subsidies.payments", .total(.slot("paid.n")), unit: .people, headline: true),
            FigureDefinition("subsidies.amount", .total(.slot("paid.fen")), unit: .yuan, headline: true, countedBy: .slot("paid.n")),
            FigureDefinition("subsidies.pending_payments", .total(.slot("pending.n")), unit: .people),
            FigureDefinition("subsidies.pending_amount", .total(.slot("pending.fen")), unit: .yuan, countedBy: .slot("pending.n")),
        ]
        for scheme in Self.schemes {
            out.append(
                FigureDefinition(
                    "subsidies.scheme.\(scheme).payments", .total(.slot("scheme.\(scheme).n")), unit: .people, partOf: "subsidies.payments"))
            out.append(
                FigureDefinition(
                    "subsidies.scheme.\(scheme).amount", .total(.slot("scheme.\(scheme).fen")), unit: .yuan, partOf: "subsidies.amount",
                    countedBy: .slot("scheme.\(scheme).n")))
        }
        return out
    }

    public func count(within regions: [RegionCode]?, on sql: any SQLDatabase, today: CalendarDate) async throws -> [TallyKey: [Int]] {
        var counter = TallyCounter(layout)
        let known = Set(Self.schemes)
        let lines = SubsidyLineModel.schema
        let runs = SubsidyRunModel.schema
        for condition in MonthlyTallies.conditions(column: "region_code", table: lines, within: regions) {
            let rows = try await sql.select()
                .column(SQLColumn("region_code", table: lines), as: "region").column(SQLColumn("scheme", table: lines), as: "scheme")
                .column(SQLColumn("month", table: runs), as: "month").column(SQLColumn("status", table: runs), as: "status")
                // PostgreSQL sums integers as numeric: cast back to a whole number.
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").column(SQLRaw("CAST(SUM(\(lines).fen) AS BIGINT)"), as: "fen")
                .from(lines).join(runs, on: SQLColumn("id", table: runs), .equal, SQLColumn("run_id", table: lines))
                .where(condition)
                .groupBy(SQLLiteral.numeric("1")).groupBy(SQLLiteral.numeric("2")).groupBy(SQLLiteral.numeric("3")).groupBy(SQLLiteral.numeric("4"))
                .all()
            for row in rows {
                let region = try row.decode(column: "region", as: String.self)
                let month = try row.decode(column: "month", as: String.self)
                let n = try row.decode(column: "n", as: Int.self)
                let fen = try row.decode(column: "fen", as: Int?.self) ?? 0
                let scheme = try row.decode(column: "scheme", as: String.self)
                if try row.decode(column: "status", as: String.self) == SubsidyRunModel.Status.approved.rawValue {
                    counter.add(n, "paid.n", region: region, month: month)
                    counter.add(fen, "paid.fen", region: region, month: month)
                    let key = known.contains(scheme) ? scheme : Self.otherScheme
                    counter.add(n, "scheme.\(key).n", region: region, month: month)
                    counter.add(fen, "scheme.\(key).fen", region: region, month: month)
                } else {
                    counter.add(n, "pending.n", region: region, month: month)
                    counter.add(fen, "pending.fen", region: region, month: month)
                }
            }
        }
        return counter.tallies
    }
}
