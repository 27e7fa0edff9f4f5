import Fluent
import SQLKit
import YanglaoCore

/// A region with what lies below it.
public struct RegionSummary: Sendable {
    public let region: RegionModel
    public let children: [RegionModel]
    /// Number of regions below, by level.
    public let descendantCounts: [RegionLevel: Int]
    /// Accounts bound anywhere in the subtree.
    public let accountCount: Int
    /// Children's own subtree sizes, by child code: (descendants, accounts).
    public let childCounts: [String: (descendants: Int, accounts: Int)]
}

public enum RegionQueryError: Error, Sendable {
    case notFound(RegionCode)
}

extension ScopedDatabase {
    /// One region inside the scope, with its children and counts.
    public func regionSummary(_ code: RegionCode) async throws -> RegionSummary {
        try authorize(code)
        guard let region = try await find(RegionModel.self, id: code.value) else {
            throw RegionQueryError.notFound(code)
        }
        let children = try await query(RegionModel.self, within: code)
            .filter(\.$parentCode == code.value)
            .sort(\.$id)
            .all()
        let levelRows = try await sql.select()
            .column("level").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(RegionModel.schema)
            .where(try sqlPredicate(column: "code", within: code))
            .where("code", .notEqual, code.value)
            .groupBy("level")
            .all()
        var counts: [RegionLevel: Int] = [:]
        for row in levelRows {
            if let level = RegionLevel(rawValue: try row.decode(column: "level", as: String.self)) {
                counts[level] = try row.decode(column: "n", as: Int.self)
            }
        }
        let accounts = try await query(UserModel.self, within: code).count()
        var childCounts: [String: (Int, Int)] = [:]
        if let childLevel = code.level.child {
            childCounts = try await subtreeCounts(under: code, childLevel: childLevel)
        }
        return RegionSummary(region: region, children: children, descendantCounts: counts,
                             accountCount: accounts, childCounts: childCounts)
    }

    /// For each child of `parent`, the number of regions and accounts in its subtree, in two grouped queries.
    private func subtreeCounts(under parent: RegionCode, childLevel: RegionLevel) async throws -> [String: (descendants: Int, accounts: Int)] {
        let width = childLevel.prefixLength
        func grouped(_ table: String, _ column: String, excludingSelf: Bool) async throws -> [String: Int] {
            let key = SQLFunction("SUBSTR", args: SQLColumn(column), SQLLiteral.numeric("1"), SQLLiteral.numeric("\(width)"))
            var q = sql.select()
                .column(key, as: "k").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(table)
                .where(try sqlPredicate(column: column, within: parent))
            if excludingSelf {
                let deeper = RegionLevel.allCases.filter { $0 > childLevel }.map(\.rawValue)
                // Children at the deepest level have nothing below them (and `IN ()` is not SQL).
                guard !deeper.isEmpty else { return [:] }
                q = q.where("level", .in, deeper)
            }
            let rows = try await q.groupBy(key).all()
            var out: [String: Int] = [:]
            for row in rows { out[try row.decode(column: "k", as: String.self)] = try row.decode(column: "n", as: Int.self) }
            return out
        }
        let regions = try await grouped(RegionModel.schema, "code", excludingSelf: true)
        let accounts = try await grouped(UserModel.schema, "region_code", excludingSelf: false)
        var out: [String: (Int, Int)] = [:]
        for key in Set(regions.keys).union(accounts.keys) {
            let code = key + String(repeating: "0", count: 12 - key.count)
            out[code] = (regions[key] ?? 0, accounts[key] ?? 0)
        }
        return out
    }

    /// Regions below `code` (optionally of one level, optionally matching a name), paged.
    public func descendants(of code: RegionCode, level: RegionLevel?, nameContains: String?, page: ListPage) async throws -> (items: [RegionModel], total: Int) {
        try authorize(code)
        guard try await find(RegionModel.self, id: code.value) != nil else { throw RegionQueryError.notFound(code) }
        var q = try query(RegionModel.self, within: code).filter(\.$id != code.value)
        if let level { q = q.filter(\.$level == level.rawValue) }
        if let name = nameContains, !name.isEmpty { q = q.filter(\.$name ~~ name) }
        let total = try await q.count()
        let items = try await q.sort(\.$id).range(page.offset..<(page.offset + page.per)).all()
        return (items, total)
    }

    /// The chain from the scope root down to `code`, for breadcrumbs.
    public func lineage(of code: RegionCode) async throws -> [RegionModel] {
        let codes = code.lineage.filter { allows($0) }.map(\.value)
        let rows = try await query(RegionModel.self).filter(\.$id ~~ codes).all()
        return rows.sorted { $0.id! < $1.id! }
    }
}
