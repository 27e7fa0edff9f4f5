import Fluent
import FluentSQL
import Foundation
import SQLKit
import YanglaoCore

/// Data that belongs to a region: its row carries the 12-digit code of the region it is in.
public protocol RegionOwned: Model {
    /// The column holding the owning region's code.
    static var regionField: FieldKey { get }
}

/// Data that also belongs to one provider: a provider-bound actor (its administrator, its
/// workers) sees only the rows of its own provider.
public protocol ProviderOwned: RegionOwned {
    /// The column holding the owning provider's id.
    static var providerField: FieldKey { get }
}

/// Which providers' rows an actor sees: every provider's (officers, the hotline), only its
/// own (a provider administrator or a worker), or none (such an account linked to no provider yet).
public enum ProviderScope: Sendable, Equatable {
    case all
    case only(UUID)
    case none
}

/// Raised when an actor reaches for data outside the subtree they are bound to.
public struct OutsideRegionScope: Error, Sendable {
    public let requested: RegionCode
    public let scope: RegionCode?
}

/// 数据范围: the one place where region-scoped access is enforced. An actor bound to a
/// region sees that region and everything below it; every query of region-owned data is
/// built here, so no handler filters by region on its own.
///
/// A subtree is a contiguous range of 12-digit codes, so the filter is a range on the code
/// column (`code BETWEEN low AND high`), which an ordinary index serves on both SQLite and
/// PostgreSQL regardless of collation.
public struct ScopedDatabase: Sendable {
    public let database: any Database
    /// The region the actor is bound to; nil only for the command line, which sees everything.
    public let root: RegionCode?
    /// Which providers' `ProviderOwned` rows the actor sees.
    public let provider: ProviderScope

    public init(database: any Database, root: RegionCode?, provider: ProviderScope = .all) {
        self.database = database
        self.root = root
        self.provider = provider
    }

    public init(database: any Database, actor: Actor) {
        let provider: ProviderScope =
            if !actor.role.isProviderBound { .all } else if let own = actor.provider { .only(own) } else { .none }
        self.init(database: database, root: actor.region, provider: provider)
    }

    /// The inclusive code range of a region's subtree.
    public static func codeRange(of region: RegionCode) -> (low: String, high: String) {
        let prefix = region.significantPrefix
        let rest = 12 - prefix.count
        return (prefix + String(repeating: "0", count: rest), prefix + String(repeating: "9", count: rest))
    }

    public func allows(_ code: RegionCode) -> Bool { root?.contains(code) ?? true }

    /// The code range a query narrowed to `region` (or the whole scope) covers; nil when unlimited.
    /// For repeating the scope's range on a joined table; callers have authorized `region`.
    public func range(of region: RegionCode?) -> (low: String, high: String)? {
        (region ?? root).map { Self.codeRange(of: $0) }
    }

    /// Throws unless `code` is inside this scope.
    public func authorize(_ code: RegionCode) throws(OutsideRegionScope) {
        guard allows(code) else { throw OutsideRegionScope(requested: code, scope: root) }
    }

    /// A query of `M` limited to this scope, optionally narrowed to a sub-region (which must be inside it).
    public func query<M: RegionOwned>(_ type: M.Type, within region: RegionCode? = nil) throws(OutsideRegionScope) -> QueryBuilder<M> {
        let query = limitedToProvider(M.query(on: database))
        guard let target = region ?? root else { return query }
        try authorize(target)
        let range = Self.codeRange(of: target)
        return
            query
            .filter(M.regionField, .greaterThanOrEqual, range.low)
            .filter(M.regionField, .lessThanOrEqual, range.high)
    }

    /// `query` narrowed to the actor's own provider when `M` is provider-owned and the actor provider-bound.
    private func limitedToProvider<M: RegionOwned>(_ query: QueryBuilder<M>) -> QueryBuilder<M> {
        guard let owned = M.self as? any ProviderOwned.Type else { return query }
        switch provider {
        case .all: return query
        case .none: return query.filter(.sql(unsafeRaw: "1 = 0"))
        case .only(let id): return query.filter(owned.providerField, .equal, id)
        }
    }

    /// A record by id, or nil when it does not exist or lies outside the scope (the two are not told apart).
    public func find<M: RegionOwned>(_ type: M.Type, id: M.IDValue) async throws -> M? {
        try await query(type).filter(\M._$id == id).first()
    }

    /// A predicate for hand-written SQL (reports): `column BETWEEN low AND high` for the scope or a region in it.
    public func sqlPredicate(column: String, table: String? = nil, within region: RegionCode? = nil) throws(OutsideRegionScope) -> any SQLExpression {
        let col: any SQLExpression = table.map { SQLColumn(column, table: $0) } ?? SQLColumn(column)
        guard let target = region ?? root else { return SQLBinaryExpression(col, .isNot, SQLLiteral.null) }
        try authorize(target)
        let range = Self.codeRange(of: target)
        return SQLBinaryExpression(
            SQLBinaryExpression(col, .greaterThanOrEqual, SQLBind(range.low)),
            .and,
            SQLBinaryExpression(col, .lessThanOrEqual, SQLBind(range.high)))
    }

    /// The rows of `sqlPredicate`, written as a prefix test that no index serves: for reading
    /// most of a county or city, where a scan is faster than one index lookup per row.
    public func scanPredicate(column: String, table: String? = nil, within region: RegionCode) throws(OutsideRegionScope) -> any SQLExpression {
        try authorize(region)
        let col: any SQLExpression = table.map { SQLColumn(column, table: $0) } ?? SQLColumn(column)
        let prefix = region.significantPrefix
        return SQLBinaryExpression(
            SQLFunction("SUBSTR", args: col, SQLLiteral.numeric("1"), SQLLiteral.numeric(String(prefix.count))), .equal, SQLBind(prefix))
    }

    public var sql: any SQLDatabase { get throws { try database.sqlDatabase() } }
}
