import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 区划撤并: a region was merged into another of its level. Every domain moves what it keeps
/// under the old code — people, accounts, devices, service areas, open work — to the
/// successor; closed records keep the old code, which still resolves to its name.
public struct RegionRetired: DomainEvent, Equatable {
    public static let name = "regions.region_retired"

    public let code: String
    public let successor: String
    public let day: String
    public let actor: EventActor

    public init(code: String, successor: String, day: String, actor: EventActor) {
        self.code = code
        self.successor = successor
        self.day = day
        self.actor = actor
    }
}

/// What a domain does with its rows of a retired region: one update of a table's region
/// column (optionally only of the rows still open), in the event's delivery transaction.
public enum RegionMove {
    /// Only the rows whose `status` is one of `statuses` (the open ones).
    public static func statusIn(_ statuses: [String]) -> any SQLExpression {
        SQLBinaryExpression(SQLColumn("status"), .in, SQLGroupExpression(statuses.map { SQLBind($0) as any SQLExpression }))
    }

    public static func rows(
        of table: String, column: String = "region_code", in event: RegionRetired, onlyWhere open: (any SQLExpression)? = nil,
        on db: any Database
    ) async throws {
        var update = try db.sqlDatabase().update(table).set(SQLIdentifier(column), to: SQLBind(event.successor))
            .where(SQLIdentifier(column), .equal, SQLBind(event.code))
        if let open { update = update.where(open) }
        try await update.run()
    }
}
