import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// The orders' figures, by the month an order was placed (China time): how many, of which
/// service, channel and status; the times from placing to dispatch and to acceptance, from
/// acceptance to arrival, and of the service itself; ratings, complaints and their closing;
/// quality flags; and the calls back (回访) due in the month.
public struct OrderFigures: CountedFigureSource {
    public let name = "orders"
    public let markedTables = [OrderModel.schema, FollowUpCallModel.schema]

    public init() {}

    static let types = ServiceCatalogue.example.map(\.code)
    static let otherType = "other"

    public let layout = SlotLayout(
        ["orders", "served"] + (Self.types + [Self.otherType]).map { "type.\($0)" } + OrderChannel.allCases.map { "channel.\($0.rawValue)" }
            + OrderStatus.allCases.map { "status.\($0.rawValue)" }
            + ["dispatch.n", "dispatch.seconds", "accept.n", "accept.seconds", "arrive.n", "arrive.seconds", "service.n", "service.seconds"]
            + ["rating.n", "rating.stars", "rating.good", "complaint.n", "complaint.closed", "complaint.close.n", "complaint.close.seconds"]
            + ["flagged", "followup.due", "followup.answered", "followup.troubled"])

    public var figures: [FigureDefinition] {
        let list = "/orders"
        func drill(_ query: [String: String] = [:]) -> FigureDrill { FigureDrill(list, query, from: "from", to: "to") }
        var out: [FigureDefinition] = [
            FigureDefinition("orders.total", .total(.slot("orders")), unit: .orders, headline: true, drill: drill()),
            FigureDefinition("orders.served", .total(.slot("served")), unit: .orders, headline: true, higherIsBetter: true),
            FigureDefinition(
                "orders.completion_rate", .share(.slot("served"), of: .slot("orders")), unit: .share, headline: true, higherIsBetter: true),
            FigureDefinition(
                "orders.dispatch_minutes", .mean(.slot("dispatch.seconds"), per: .slot("dispatch.n")), unit: .minutes, higherIsBetter: false),
            FigureDefinition("orders.accept_minutes", .mean(.slot("accept.seconds"), per: .slot("accept.n")), unit: .minutes, higherIsBetter: false),
            FigureDefinition("orders.arrive_minutes", .mean(.slot("arrive.seconds"), per: .slot("arrive.n")), unit: .minutes, higherIsBetter: false),
            FigureDefinition("orders.service_minutes", .mean(.slot("service.seconds"), per: .slot("service.n")), unit: .minutes),
            FigureDefinition(
                "orders.rating", .mean(.slot("rating.stars"), per: .slot("rating.n")), unit: .stars, headline: true, higherIsBetter: true),
            FigureDefinition("orders.good_rating_rate", .share(.slot("rating.good"), of: .slot("rating.n")), unit: .share, higherIsBetter: true),
            FigureDefinition(
                "orders.complaints", .total(.slot("complaint.n")), unit: .orders, higherIsBetter: false, drill: drill(["complaint": "1"])),
            FigureDefinition(
                "orders.complaints_closed_rate", .share(.slot("complaint.closed"), of: .slot("complaint.n")), unit: .share, higherIsBetter: true),
            FigureDefinition(
                "orders.complaint_close_minutes", .mean(.slot("complaint.close.seconds"), per: .slot("complaint.close.n")), unit: .minutes,
                higherIsBetter: false),
            FigureDefinition("orders.flagged", .total(.slot("flagged")), unit: .orders, higherIsBetter: false, drill: drill(["flagged": "1"])),
            FigureDefinition("orders.followups_due", .total(.slot("followup.due")), unit: .items),
            FigureDefinition(
                "orders.followup_rate", .share(.slot("followup.answered"), of: .slot("followup.due")), unit: .share, higherIsBetter: true),
            FigureDefinition("orders.followups_troubled", .total(.slot("followup.troubled")), unit: .items, higherIsBetter: false),
        ]
        for type in Self.types + [Self.otherType] {
            out.append(
                FigureDefinition(
                    "orders.type.\(type)", .total(.slot("type.\(type)")), unit: .orders,
                    drill: type == Self.otherType ? nil : drill(["service": type]),
                    partOf: "orders.total"))
        }
        for channel in OrderChannel.allCases {
            out.append(
                FigureDefinition(
                    "orders.channel.\(channel.rawValue)", .total(.slot("channel.\(channel.rawValue)")), unit: .orders, partOf: "orders.total"))
        }
        for status in OrderStatus.allCases {
            out.append(
                FigureDefinition(
                    "orders.status.\(status.rawValue)", .total(.slot("status.\(status.rawValue)")), unit: .orders,
                    drill: drill(["status": status.rawValue]), label: "order_status_\(status.rawValue)", partOf: "orders.total"))
        }
        return out
    }

    public func count(within regions: [RegionCode]?, on sql: any SQLDatabase, today: CalendarDate) async throws -> [TallyKey: [Int]] {
        var counter = TallyCounter(layout)
        let known = Set(Self.types)
        let joined = MonthlyTallies.conditions(column: "region_code", table: OrderModel.schema, within: regions)
        for (condition, qualified) in zip(MonthlyTallies.conditions(column: "region_code", within: regions), joined) {
            var firsts: [UUID: [String: Date]] = [:]
            let events = try await sql.select().column(SQLColumn("order_id", table: OrderEventModel.schema), as: "o")
                .column(SQLColumn("event", table: OrderEventModel.schema), as: "e")
                .column(SQLFunction("MIN", args: SQLColumn("at", table: OrderEventModel.schema)), as: "at")
                .from(OrderEventModel.schema)
                .join(OrderModel.schema, on: SQLColumn("id", table: OrderModel.schema), .equal, SQLColumn("order_id", table: OrderEventModel.schema))
                .where(
                    SQLColumn("event", table: OrderEventModel.schema), .in,
                    SQLGroupExpression([OrderEvent.dispatch, .accept, .complain].map { SQLBind($0.rawValue) })
                )
                .where(qualified)
                .groupBy(SQLLiteral.numeric("1")).groupBy(SQLLiteral.numeric("2")).all()
            for row in events {
                firsts[try row.decode(column: "o", as: UUID.self), default: [:]][try row.decode(column: "e", as: String.self)] = try row.decode(
                    column: "at", as: Date.self)
            }
            let orders = try await sql.select()
                .columns(
                    "id", "region_code", "created_at", "service_type", "channel", "status", "check_in_at", "check_out_at", "rating", "complaint",
                    "complaint_resolved_at", "flags"
                )
                .from(OrderModel.schema).where(condition).all()
            for row in orders {
                let region = try row.decode(column: "region_code", as: String.self)
                guard let created = try row.decode(column: "created_at", as: Date?.self) else { continue }
                let month = CalendarMonth(CalendarDate(created)).description
                func add(_ slot: String, _ n: Int = 1) { counter.add(n, slot, region: region, month: month) }
                func seconds(_ from: Date?, _ to: Date?, _ slot: String) {
                    guard let from, let to, to >= from else { return }
                    add("\(slot).n")
                    add("\(slot).seconds", Int(to.timeIntervalSince(from).rounded()))
                }
                let id = try row.decode(column: "id", as: UUID.self)
                let status = try row.decode(column: "status", as: String.self)
                let type = try row.decode(column: "service_type", as: String.self)
                let checkIn = try row.decode(column: "check_in_at", as: Date?.self)
                let checkOut = try row.decode(column: "check_out_at", as: Date?.self)
                let first = firsts[id] ?? [:]
                add("orders")
                add("type.\(known.contains(type) ? type : Self.otherType)")
                add("channel.\(try row.decode(column: "channel", as: String.self))")
                add("status.\(status)")
                if checkOut != nil { add("served") }
                seconds(created, first[OrderEvent.dispatch.rawValue], "dispatch")
                seconds(created, first[OrderEvent.accept.rawValue], "accept")
                seconds(first[OrderEvent.accept.rawValue], checkIn, "arrive")
                seconds(checkIn, checkOut, "service")
                if let stars = try row.decode(column: "rating", as: Int?.self) {
                    add("rating.n")
                    add("rating.stars", stars)
                    if stars >= 4 { add("rating.good") }
                }
                if try row.decode(column: "complaint", as: String?.self) != nil {
                    add("complaint.n")
                    let resolved = try row.decode(column: "complaint_resolved_at", as: Date?.self)
                    if resolved != nil { add("complaint.closed") }
                    seconds(first[OrderEvent.complain.rawValue], resolved, "complaint.close")
                }
                if let flags = try row.decode(column: "flags", as: String?.self), flags != "[]" { add("flagged") }
            }
            let calls = try await sql.select().columns("region_code", "created_at", "status", "troubled").from(FollowUpCallModel.schema).where(
                condition
            ).all()
            for row in calls {
                guard let created = try row.decode(column: "created_at", as: Date?.self) else { continue }
                let region = try row.decode(column: "region_code", as: String.self)
                let month = CalendarMonth(CalendarDate(created)).description
                counter.add(1, "followup.due", region: region, month: month)
                if try row.decode(column: "status", as: String.self) == FollowUpCallModel.Status.answered.rawValue {
                    counter.add(1, "followup.answered", region: region, month: month)
                }
                if try row.decode(column: "troubled", as: Bool.self) { counter.add(1, "followup.troubled", region: region, month: month) }
            }
        }
        return counter.tallies
    }
}
