import Fluent
import SQLKit
import YanglaoCore

/// A region with what lies above and below it.
public struct RegionSummary: Sendable {
    public let region: RegionModel
    /// The chain from the scope root down to the region itself, for breadcrumbs.
    public let lineage: [RegionModel]
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
    /// One region inside the scope, with its lineage, children and counts — in two queries,
    /// since this is the most requested read of the console and the API.
    public func regionSummary(_ code: RegionCode) async throws -> RegionSummary {
        try authorize(code)
        let lineageCodes = code.lineage.filter { allows($0) }.map(\.value)
        let rows = try await query(RegionModel.self)
            .group(.or) { $0.filter(\.$id ~~ lineageCodes).filter(\.$parentCode == code.value) }
            .sort(\.$id)
            .all()
        guard let region = rows.first(where: { $0.id == code.value }) else {
            throw RegionQueryError.notFound(code)
        }
        let counts = try await subtreeCounts(under: code)
        return RegionSummary(
            region: region,
            lineage: rows.filter { lineageCodes.contains($0.id ?? "") },
            children: rows.filter { $0.parentCode == code.value && !$0.isRetired },
            descendantCounts: counts.byLevel, accountCount: counts.accounts, childCounts: counts.byChild)
    }

    /// Regions below `parent` by level and by child subtree, and accounts in the subtree by
    /// child subtree, from one grouped query over both tables. A child's subtree is the rows
    /// whose code starts with the child's significant prefix.
    private func subtreeCounts(under parent: RegionCode) async throws -> (
        byLevel: [RegionLevel: Int], accounts: Int, byChild: [String: (descendants: Int, accounts: Int)]
    ) {
        let childLevel = parent.level.child
        let width = (childLevel ?? parent.level).prefixLength
        func childKey(_ column: String) -> any SQLExpression {
            SQLFunction("SUBSTR", args: SQLColumn(column), SQLLiteral.numeric("1"), SQLLiteral.numeric("\(width)"))
        }
        let rows = try await sql.select()
            .column(SQLLiteral.string("region"), as: "t").column("level")
            .column(childKey("code"), as: "k").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(RegionModel.schema)
            .where(try sqlPredicate(column: "code", within: parent))
            .where("code", .notEqual, parent.value)
            .where("retired_on", .is, SQLLiteral.null)
            .groupBy("level").groupBy(childKey("code"))
            .union(all: { union in
                try union.column(SQLLiteral.string("account"), as: "t").column(SQLLiteral.string(""), as: "level")
                    .column(childKey("region_code"), as: "k").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                    .from(UserModel.schema)
                    .where(self.sqlPredicate(column: "region_code", within: parent))
                    .groupBy(childKey("region_code"))
            })
            .all()
        var byLevel: [RegionLevel: Int] = [:]
        var accounts = 0
        var byChild: [String: (descendants: Int, accounts: Int)] = [:]
        for row in rows {
            let n = try row.decode(column: "n", as: Int.self)
            let key = try row.decode(column: "k", as: String.self)
            let childCode = key + String(repeating: "0", count: 12 - key.count)
            let isChildSubtree = childLevel != nil && childCode != parent.value
            if try row.decode(column: "t", as: String.self) == "account" {
                accounts += n
                if isChildSubtree { byChild[childCode, default: (0, 0)].accounts += n }
            } else if let level = RegionLevel(rawValue: try row.decode(column: "level", as: String.self)) {
                byLevel[level, default: 0] += n
                // The child itself is not part of its own subtree count.
                if isChildSubtree, let childLevel, level > childLevel { byChild[childCode, default: (0, 0)].descendants += n }
            }
        }
        return (byLevel, accounts, byChild)
    }

    /// Regions below `code` (optionally of one level, optionally matching a name), paged.
    public func descendants(of code: RegionCode, level: RegionLevel?, nameContains: String?, page: ListPage) async throws -> (
        items: [RegionModel], total: Int
    ) {
        try authorize(code)
        guard try await find(RegionModel.self, id: code.value) != nil else { throw RegionQueryError.notFound(code) }
        var q = try query(RegionModel.self, within: code).filter(\.$id != code.value).filter(\.$retiredOn == nil)
        if let level { q = q.filter(\.$level == level.rawValue) }
        if let name = nameContains, !name.isEmpty { q = q.filter("name", containing: name) }
        let total = try await q.count()
        let items = try await q.sort(\.$id).range(page.offset..<(page.offset + page.per)).all()
        return (items, total)
    }
}
