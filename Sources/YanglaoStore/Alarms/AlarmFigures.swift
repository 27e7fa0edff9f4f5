import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// The alarms' figures, by the month an alarm was raised (China time): how many, of which
/// type, answered within 60 s (as `AlarmStatistics` counts it: of all alarms raised), the
/// mean times to answer and to close, outcomes, escalations and overdue alarms.
public struct AlarmFigures: CountedFigureSource {
    public let name = "alarms"
    public let markedTables = [AlarmModel.schema]

    public init() {}

    static let otherType = "other"
    static let types = AlarmType.known.map(\.code) + [otherType]

    public let layout = SlotLayout(
        ["alarms"] + Self.types.map { "type.\($0)" } + AlarmOutcome.allCases.map { "outcome.\($0.rawValue)" }
            + ["ack.n", "ack.seconds", "ack.within60", "close.n", "close.seconds", "escalated", "overdue"])

    public var figures: [FigureDefinition] {
        var out: [FigureDefinition] = [
            FigureDefinition("alarms.total", .total(.slot("alarms")), unit: .alarms, headline: true),
            FigureDefinition(
                "alarms.answered60_rate", .share(.slot("ack.within60"), of: .slot("alarms")), unit: .share, headline: true, higherIsBetter: true),
            FigureDefinition("alarms.ack_seconds", .mean(.slot("ack.seconds"), per: .slot("ack.n")), unit: .seconds, higherIsBetter: false),
            FigureDefinition("alarms.close_minutes", .mean(.slot("close.seconds"), per: .slot("close.n")), unit: .minutes, higherIsBetter: false),
            FigureDefinition("alarms.escalated", .total(.slot("escalated")), unit: .alarms),
            FigureDefinition("alarms.overdue", .total(.slot("overdue")), unit: .alarms, higherIsBetter: false),
        ]
        for type in Self.types {
            out.append(FigureDefinition("alarms.type.\(type)", .total(.slot("type.\(type)")), unit: .alarms, partOf: "alarms.total"))
        }
        for outcome in AlarmOutcome.allCases {
            out.append(
                FigureDefinition(
                    "alarms.outcome.\(outcome.rawValue)", .total(.slot("outcome.\(outcome.rawValue)")), unit: .alarms, partOf: "alarms.total"))
        }
        return out
    }

    public func count(within regions: [RegionCode]?, on sql: any SQLDatabase, today: CalendarDate) async throws -> [TallyKey: [Int]] {
        var counter = TallyCounter(layout)
        let known = Set(Self.types)
        for condition in MonthlyTallies.conditions(column: "region_code", within: regions) {
            let rows = try await sql.select()
                .columns("region_code", "raised_at", "type", "acknowledged_at", "closed_at", "outcome", "escalated_to", "overdue")
                .from(AlarmModel.schema).where(condition).all()
            for row in rows {
                let region = try row.decode(column: "region_code", as: String.self)
                let raised = try row.decode(column: "raised_at", as: Date.self)
                let month = CalendarMonth(CalendarDate(raised)).description
                func add(_ slot: String, _ n: Int = 1) { counter.add(n, slot, region: region, month: month) }
                let type = try row.decode(column: "type", as: String.self)
                add("alarms")
                add("type.\(known.contains(type) ? type : Self.otherType)")
                if let outcome = try row.decode(column: "outcome", as: String?.self) { add("outcome.\(outcome)") }
                if let ack = try row.decode(column: "acknowledged_at", as: Date?.self) {
                    let seconds = max(0, ack.timeIntervalSince(raised))
                    add("ack.n")
                    add("ack.seconds", Int(seconds.rounded()))
                    if seconds <= AlarmStatistics.industryAnsweredWithin { add("ack.within60") }
                }
                if let closed = try row.decode(column: "closed_at", as: Date?.self) {
                    add("close.n")
                    add("close.seconds", Int(max(0, closed.timeIntervalSince(raised)).rounded()))
                }
                if try row.decode(column: "escalated_to", as: String?.self) != nil { add("escalated") }
                if try row.decode(column: "overdue", as: Bool.self) { add("overdue") }
            }
        }
        return counter.tallies
    }
}
