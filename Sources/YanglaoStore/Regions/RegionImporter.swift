import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// Imports a file of division codes into the region tree: every row is checked first, and
/// the file is written whole or not at all. The same file again changes nothing; a newer
/// one adds, renames, retires the rows that name a successor (撤并, see `RegionChanges`) and
/// reports what it no longer lists without saying where it went.
public struct RegionImporter: Sendable {
    public let context: StoreContext
    var scoped: ScopedDatabase { context.scoped }

    public init(_ context: StoreContext) {
        self.context = context
    }

    public struct Change: Sendable, Equatable {
        public let code: RegionCode
        public let name: String
        public let kind: RegionKind
        /// The name before, for a renamed region; nil for one added.
        public let was: String?
    }

    public struct Report: Sendable {
        public let rows: Int
        public let added: [Change]
        public let changed: [Change]
        public let unchanged: Int
        /// Regions the file merges into a successor (and the platform has not merged yet).
        public let retired: [RegionChanges.Retirement]
        /// Regions of the levels the file covers, below its top regions, that it no longer lists.
        public let unlisted: [RegionModel]
        public let problems: [RegionFile.Problem]
        public let committed: Bool
    }

    /// Checks `table` against the tree and, with `commit` and no problems, writes it in one transaction.
    public func run(_ table: [[String]], commit: Bool) async throws -> Report {
        guard context.actor.role.canManageRegions else { throw AppError(.forbidden, "region_import_forbidden") }
        let existing = try await existingRegions()
        let file: RegionFile
        do { file = try RegionFile(table: table) { existing[$0.value] != nil } } catch { throw error.appError }
        var problems = file.problems
        var added: [Change] = []
        var changed: [Change] = []
        var unchanged = 0
        for row in file.rows {
            guard scoped.allows(row.code) else {
                problems.append(.init(line: row.line, column: "code", code: "region_outside_scope", value: row.code.value))
                continue
            }
            if let old = existing[row.code.value] {
                if old.name == row.name && old.kind == row.kind.rawValue && (row.urbanRural == nil || old.urbanRural == row.urbanRural) {
                    unchanged += 1
                } else {
                    changed.append(Change(code: row.code, name: row.name, kind: row.kind, was: old.name))
                }
            } else {
                added.append(Change(code: row.code, name: row.name, kind: row.kind, was: nil))
            }
        }
        var retired: [RegionChanges.Retirement] = []
        for row in file.rows {
            guard let successor = row.successor else { continue }
            // Already merged into that successor: the same file again changes nothing.
            if let old = existing[row.code.value], old.isRetired, old.successorCode == successor.value { continue }
            retired.append(.init(code: row.code, successor: successor))
        }
        let lines = Dictionary(file.rows.map { ($0.code, $0.line) }, uniquingKeysWith: { a, _ in a })
        for (code, error) in RegionChanges.problems(of: retired, among: existing, adding: Set(added.map(\.code))) {
            problems.append(
                .init(
                    line: lines[code] ?? 0, column: error.field ?? "code", code: error.code, value: error.arguments["value"] ?? code.value,
                    arguments: error.arguments))
        }
        let unlisted = Self.unlisted(by: file, among: existing.values.filter { !$0.isRetired })
        let report = { (committed: Bool) in
            Report(
                rows: file.rows.count + file.problems.count, added: added, changed: changed, unchanged: unchanged, retired: retired,
                unlisted: unlisted,
                problems: problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }, committed: committed)
        }
        guard commit, problems.isEmpty, !(added.isEmpty && changed.isEmpty && retired.isEmpty) else { return report(false) }
        let (toAdd, toChange, toRetire, same) = (added, changed, retired, unchanged)
        let today = context.today
        let urbanRural = Dictionary(file.rows.compactMap { row in row.urbanRural.map { (row.code, $0) } }, uniquingKeysWith: { a, _ in a })
        let actor = context.actor
        let top = RegionCode.commonAncestor(of: file.rows.map(\.code)) ?? file.rows[0].code
        try await context.scoped.database.transaction { tx in
            try await RegionRows.insert(toAdd.map { .init(code: $0.code, name: $0.name, kind: $0.kind, urbanRural: urbanRural[$0.code]) }, on: tx)
            for change in toChange {
                try await RegionModel.query(on: tx).filter(\.$id == change.code.value)
                    .set(\.$name, to: change.name).set(\.$kind, to: change.kind.rawValue)
                    .set(\.$urbanRural, to: urbanRural[change.code]).update()
            }
            try await RegionChanges.apply(toRetire, actor: actor, today: today, on: tx)
            try await AuditLog.record(
                on: tx, actor: actor, action: "region.import", recordType: "region", recordID: top.value, region: top,
                detail: "added=\(toAdd.count) changed=\(toChange.count) retired=\(toRetire.count) unchanged=\(same) unlisted=\(unlisted.count)")
        }
        await RegionChanges.afterCommit(toRetire, context)
        return report(true)
    }

    private func existingRegions() async throws -> [String: RegionModel] {
        let all = try await RegionModel.query(on: scoped.database).all()
        return Dictionary(uniqueKeysWithValues: all.map { ($0.id ?? "", $0) })
    }

    /// The regions below the file's top regions, of the levels the file lists, that it does not list.
    static func unlisted(by file: RegionFile, among existing: some Sequence<RegionModel>) -> [RegionModel] {
        let listed = Set(file.rows.map(\.code))
        let levels = Set(file.rows.map(\.code.level))
        let tops = file.rows.map(\.code).filter { code in code.parent.map { !listed.contains($0) } ?? true }
        return existing.filter { region in
            let code = region.code
            return !listed.contains(code) && levels.contains(code.level) && tops.contains { $0 != code && $0.contains(code) }
        }.sorted { $0.code < $1.code }
    }
}

/// Regions written in bulk, parents before children: the demo city and the import share it.
enum RegionRows {
    struct New: Sendable {
        let code: RegionCode
        let name: String
        let kind: RegionKind
        let urbanRural: String?
    }

    static func insert(_ regions: [New], on db: any Database, batch: Int = 500, progress: (Int, Int) -> Void = { _, _ in }) async throws {
        let sql = try db.sqlDatabase()
        for start in stride(from: 0, to: regions.count, by: batch) {
            var insert = sql.insert(into: RegionModel.schema).columns("code", "name", "level", "kind", "parent_code", "urban_rural")
            for r in regions[start..<min(start + batch, regions.count)] {
                insert = insert.values(
                    SQLBind(r.code.value), SQLBind(r.name), SQLBind(r.code.level.rawValue), SQLBind(r.kind.rawValue),
                    SQLBind(r.code.parent?.value), SQLBind(r.urbanRural))
            }
            try await insert.run()
            progress(min(start + batch, regions.count), regions.count)
        }
    }
}
