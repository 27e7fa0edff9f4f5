import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import YanglaoCore

/// 批量导入: checks every row of an import file against the register's rules and the
/// importer's region, tells new, changed, unchanged and rejected rows apart, and — when
/// committing — writes the valid rows in batches, each batch one transaction, so no person
/// is ever half written. Importing the same file again changes nothing.
public struct ElderImporter: Sendable {
    public let service: ElderService
    /// Rows per transaction (and per multi-row INSERT).
    public var batchSize = 2000
    /// New rows from which a load into a register no larger than the load itself drops the
    /// register's secondary indexes and builds them once at the end (SQLite only).
    public var bulkLoadThreshold = 50_000

    public init(service: ElderService) { self.service = service }

    public struct Report: Sendable {
        public var rows = 0
        public var new = 0
        public var updated = 0
        public var unchanged = 0
        public var rejected = 0
        public var problems: [ImportProblem] = []
        public var warnings: [ImportProblem] = []
        public var ignoredHeaders: [String] = []
        public var committed = false
        /// Seconds spent in each step (check, compare, write, indexes), for the command line.
        public var timings: [(step: String, seconds: Double)] = []
    }

    /// (rows done, rows in all), called as the work advances.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int) -> Void

    /// A row to write, with the hashes the check already computed.
    struct Plan: Sendable {
        /// nil for a new person.
        let existing: UUID?
        let record: ElderRecord
        let idHash: String
        let fingerprint: String
        /// The row's number in the file (0 for people not from a file).
        var row = 0
    }

    struct Checked: Sendable {
        /// The row's number in the file.
        let row: Int
        let record: ElderRecord?
        let problems: [ImportProblem]
        let warnings: [ImportProblem]
        let idHash: String?
        let fingerprint: String?
    }

    public func run(_ sheet: ElderImportSheet, fileName: String, commit: Bool, progress: Progress = { _, _ in }) async throws -> Report {
        try service.requireEdit()
        var report = Report()
        var clock = Date()
        func lap(_ step: String) {
            let now = Date()
            report.timings.append((step, now.timeIntervalSince(clock)))
            clock = now
        }
        let villages = try await villagesInScope()
        let checked = await check(sheet, villages: villages)
        lap("check")

        report.rows = sheet.rows.count
        report.ignoredHeaders = sheet.ignoredHeaders
        var plans: [Plan] = []
        var firstRowOfID: [String: Int] = [:]
        var valid: [Plan] = []
        firstRowOfID.reserveCapacity(checked.count)
        valid.reserveCapacity(checked.count)
        plans.reserveCapacity(checked.count)
        for c in checked {
            report.warnings += c.warnings
            guard c.problems.isEmpty, let record = c.record else {
                report.problems += c.problems
                report.rejected += 1
                continue
            }
            if let first = firstRowOfID[record.citizenID.value] {
                report.problems.append(
                    ImportProblem(
                        row: c.row, column: sheet.header(of: .citizenID),
                        error: AppError(.invalidInput, "citizen_id_repeated_in_file", field: "citizenId", ["row": String(first)]),
                        value: record.citizenID.masked))
                report.rejected += 1
                continue
            }
            firstRowOfID[record.citizenID.value] = c.row
            valid.append(Plan(existing: nil, record: record, idHash: c.idHash!, fingerprint: c.fingerprint!, row: c.row))
        }

        // Which of the valid rows exist already, and whether they changed (in an empty
        // register, none).
        let registerIsEmpty = try await ElderModel.query(on: service.scoped.database).first() == nil
        for start in stride(from: 0, to: valid.count, by: batchSize) {
            let batch = valid[start..<min(start + batchSize, valid.count)]
            let existing = registerIsEmpty ? [:] : try await existingRows(hashes: batch.map(\.idHash))
            for c in batch {
                let record = c.record
                guard let found = existing[c.idHash] else {
                    plans.append(c)
                    report.new += 1
                    continue
                }
                if !service.scoped.allows(RegionCode(validated: found.region)) {
                    report.problems.append(
                        ImportProblem(
                            row: c.row, column: sheet.header(of: .citizenID),
                            error: AppError(.conflict, "citizen_id_registered_elsewhere", field: "citizenId"),
                            value: record.citizenID.masked))
                    report.rejected += 1
                } else if found.fingerprint == c.fingerprint {
                    report.unchanged += 1
                } else {
                    plans.append(Plan(existing: found.id, record: record, idHash: c.idHash, fingerprint: c.fingerprint, row: c.row))
                    report.updated += 1
                }
            }
        }
        report.problems.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        lap("compare")
        guard commit else { return report }

        try await writeAll(plans, progress: progress, lap: lap)
        // The entry belongs to the importer's region, or (importing from the command line) to the smallest region holding every row written.
        if let region = service.actor.region ?? RegionCode.commonAncestor(of: plans.map(\.record.region)) {
            let summary =
                "file=\(fileName) rows=\(report.rows) new=\(report.new) updated=\(report.updated) unchanged=\(report.unchanged) rejected=\(report.rejected)"
            try await AuditLog.record(
                on: service.scoped.database, actor: service.actor, action: "elder.import", recordType: "elder_import",
                recordID: nil, region: region, detail: summary)
        }
        report.committed = true
        return report
    }

    /// Village and community codes the importer may write to.
    func villagesInScope() async throws -> Set<String> {
        let rows = try await service.scoped.query(RegionModel.self).filter(\.$level == RegionLevel.village.rawValue).all()
        return Set(rows.compactMap(\.id))
    }

    /// Validates the rows on all cores; the rules are pure, so chunks run side by side.
    func check(_ sheet: ElderImportSheet, villages: Set<String>) async -> [Checked] {
        let service = self.service
        let chunks = stride(from: 0, to: sheet.rows.count, by: 5_000).map { sheet.rows[$0..<min($0 + 5_000, sheet.rows.count)] }
        return await ParallelMap.map(chunks) { rows in
            rows.map { Self.check($0, sheet: sheet, villages: villages, service: service) }
        }.flatMap { $0 }
    }

    static func check(_ row: ElderImportSheet.Row, sheet: ElderImportSheet, villages: Set<String>, service: ElderService) -> Checked {
        let result = row.input.validate(today: service.today, defaultSource: "导入")
        // A cell that could not be read is reported once, not again by the rules that miss its value.
        let unreadable = Set(row.problems.map(\.column))
        var problems = row.problems + sheet.problems(of: row, result.problems).filter { !unreadable.contains($0.column) }
        let warnings = sheet.problems(of: row, result.warnings)
        guard problems.isEmpty, let record = result.record else {
            return Checked(row: row.number, record: nil, problems: problems, warnings: warnings, idHash: nil, fingerprint: nil)
        }
        if !service.scoped.allows(record.region) {
            problems.append(
                ImportProblem(
                    row: row.number, column: sheet.header(of: .regionCode),
                    error: AppError(.forbidden, "region_forbidden", field: "regionCode", ["code": record.region.value]),
                    value: record.region.value))
        } else if !villages.contains(record.region.value) {
            problems.append(
                ImportProblem(
                    row: row.number, column: sheet.header(of: .regionCode),
                    error: AppError(.invalidInput, "region_not_found", field: "regionCode", ["code": record.region.value]),
                    value: record.region.value))
        }
        guard problems.isEmpty else {
            return Checked(row: row.number, record: nil, problems: problems, warnings: warnings, idHash: nil, fingerprint: nil)
        }
        return Checked(
            row: row.number, record: record, problems: [], warnings: warnings,
            idHash: service.lookupHash(record.citizenID), fingerprint: service.fingerprint(record))
    }

    struct Existing {
        let id: UUID
        let region: String
        let fingerprint: String?
    }

    func existingRows(hashes: [String]) async throws -> [String: Existing] {
        guard !hashes.isEmpty else { return [:] }
        let rows = try await service.scoped.sql.select()
            .columns("id", "id_hash", "region_code", "fingerprint").from(ElderModel.schema)
            .where("id_hash", .in, hashes).all()
        var out: [String: Existing] = [:]
        for row in rows {
            out[try row.decode(column: "id_hash", as: String.self)] = Existing(
                id: try row.decode(column: "id", as: UUID.self), region: try row.decode(column: "region_code", as: String.self),
                fingerprint: try row.decode(column: "fingerprint", as: String?.self))
        }
        return out
    }

    static let elderColumns = [
        "id", "id_cipher", "id_hash", "id_masked", "name", "sex", "birth_date", "phone_cipher", "phone_masked",
        "address", "region_code", "latitude", "longitude", "household_local", "household_place", "living",
        "status", "enrolled_on", "fingerprint", "created_at", "updated_at",
    ]
    static let categoryColumns = ["id", "elder_id", "category", "since", "until", "source", "region_code", "name"]
    static let contactColumns = ["id", "elder_id", "position", "name", "relation", "phone_cipher", "phone_masked"]
    /// Columns an import never changes on a person already registered.
    static let keptOnUpdate: Set<String> = ["id", "status", "created_at"]

    /// A batch's rows, sealed and hashed, ready to insert.
    struct PreparedBatch: Sendable {
        var updates: [(UUID, [(String, BulkCell)])] = []
        var touched: [UUID] = []
        /// New people, then everyone's categories and contacts.
        var inserts: [BulkInsert.Prepared] = []
    }

    /// Writes every plan: batches are sealed on all cores a few at a time, then written in
    /// order, each batch one transaction.
    func writeAll(_ plans: [Plan], progress: Progress, lap: (String) -> Void = { _ in }) async throws {
        let db = service.scoped.database
        let newRows = plans.count { $0.existing == nil }
        let tables = [ElderModel.schema, ElderCategoryModel.schema, ElderContactModel.schema]
        let bulk = newRows >= bulkLoadThreshold ? try await ElderModel.query(on: db).count() <= newRows : false
        if bulk { try await BulkLoadIndexes.suspend(tables: tables, on: db) }
        do {
            // In the order of the lookup hashes: the unique index on them then grows at one
            // end instead of having pages all over it rewritten by every batch.
            try await write(plans, in: Self.hashOrder(plans.map(\.idHash)), progress: progress)
        } catch {
            if bulk { try? await BulkLoadIndexes.restore(on: db) }
            throw error
        }
        lap("write")
        if bulk {
            try await BulkLoadIndexes.restore(on: db)
            lap("indexes")
        }
    }

    /// The positions of `hashes` in their byte order (the order of SQLite's index on them),
    /// sorted on their first eight bytes as one integer: comparing hundreds of thousands of
    /// strings costs far more.
    static func hashOrder(_ hashes: [String]) -> [Int] {
        var keyed = hashes.indices.map { index in
            var key: UInt64 = 0
            var bytes: UInt64 = 0
            for byte in hashes[index].utf8.prefix(8) {
                key = key << 8 | UInt64(byte)
                bytes += 1
            }
            return (key: bytes == 0 ? 0 : key << (8 * (8 - bytes)), index: index)
        }
        keyed.sort { a, b in
            a.key != b.key ? a.key < b.key : hashes[a.index].utf8.lexicographicallyPrecedes(hashes[b.index].utf8)
        }
        return keyed.map(\.index)
    }

    func write(_ plans: [Plan], in order: [Int], progress: Progress) async throws {
        let total = order.count
        progress(0, total)
        var ids = TimeOrderedIDs()
        // Positions in `order` and the ids each batch takes; a batch's plans are gathered only
        // when it is sealed, so no second copy of every plan is held.
        let batches = stride(from: 0, to: order.count, by: batchSize).map { start in
            let positions = start..<min(start + batchSize, order.count)
            // Each new person takes ids for itself, its categories and contacts.
            return (
                positions,
                ids.reserve(
                    positions.reduce(0) { sum, at in
                        let record = plans[order[at]].record
                        return sum + 1 + record.categories.count + record.contacts.count
                    })
            )
        }
        let parallel = max(2, ProcessInfo.processInfo.activeProcessorCount * 2)
        func prepareGroup(_ start: Int) async throws -> [PreparedBatch] {
            try await ParallelMap.map(Array(batches[start..<min(start + parallel, batches.count)])) { batch in
                try self.prepare(batch.0.map { plans[order[$0]] }, ids: batch.1)
            }
        }
        // While one group is written, the next is sealed on the other cores.
        var written = 0
        var next: Task<[PreparedBatch], any Error>? = batches.isEmpty ? nil : Task { try await prepareGroup(0) }
        for start in stride(from: 0, to: batches.count, by: parallel) {
            let prepared = try await next!.value
            next = start + parallel < batches.count ? Task { try await prepareGroup(start + parallel) } : nil
            for (offset, rows) in prepared.enumerated() {
                try await insert(rows)
                written += batches[start + offset].0.count
                progress(written, total)
            }
        }
    }

    /// The CPU half of a batch: ID and phone numbers sealed, hashes and fingerprints computed.
    func prepare(_ batch: [Plan], ids: TimeOrderedIDs) throws -> PreparedBatch {
        var ids = ids
        let now = BulkCell.date(Date())
        let today = service.today.description
        var sealer = service.protection.batchSealer()
        var out = PreparedBatch()
        var elderRows: [[BulkCell]] = []
        var categoryRows: [[BulkCell]] = []
        var contactRows: [[BulkCell]] = []
        elderRows.reserveCapacity(batch.count)
        for plan in batch {
            let record = plan.record
            let id = plan.existing ?? ids.next()
            let row: [BulkCell] = [
                .uuid(id), .text(try sealer.seal(record.citizenID.value)), .text(plan.idHash), .text(record.citizenID.masked),
                .text(record.name), .text(record.sex.rawValue), .text(record.birthDate.description),
                BulkCell(try record.phone.map { try sealer.seal($0.value) }), BulkCell(record.phone?.masked),
                .text(record.address), .text(record.region.value), BulkCell(record.location?.latitude), BulkCell(record.location?.longitude),
                .bool(record.household.isLocal), BulkCell(record.household.place), BulkCell(record.living?.rawValue),
                .text(ElderStatus.active.rawValue), BulkCell(record.enrolledOn?.description ?? (plan.existing == nil ? today : nil)),
                .text(plan.fingerprint), now, now,
            ]
            if let existing = plan.existing {
                out.touched.append(existing)
                out.updates.append(
                    (
                        existing,
                        zip(Self.elderColumns, row).filter { column, cell in
                            if Self.keptOnUpdate.contains(column) { return false }
                            if column == "enrolled_on", case .null = cell { return false }
                            return true
                        }
                    ))
            } else {
                elderRows.append(row)
            }
            for m in record.categories {
                categoryRows.append([
                    .uuid(ids.next()), .uuid(id), .text(m.category.rawValue), BulkCell(m.since?.description),
                    BulkCell(m.until?.description), .text(m.source), .text(record.region.value),
                    .text(record.name),
                ])
            }
            for (position, contact) in record.contacts.enumerated() {
                contactRows.append([
                    .uuid(ids.next()), .uuid(id), .int(position), .text(contact.name), .text(contact.relation),
                    .text(try sealer.seal(contact.phone.value)), .text(contact.phone.masked),
                ])
            }
        }
        let sqlite = service.scoped.database is any SQLiteDatabase
        out.inserts = [
            BulkInsert.Prepared(into: ElderModel.schema, columns: Self.elderColumns, rows: elderRows, forSQLite: sqlite),
            BulkInsert.Prepared(into: ElderCategoryModel.schema, columns: Self.categoryColumns, rows: categoryRows, forSQLite: sqlite),
            BulkInsert.Prepared(into: ElderContactModel.schema, columns: Self.contactColumns, rows: contactRows, forSQLite: sqlite),
        ]
        return out
    }

    /// The database half of a batch, in one transaction: changed people's lists replaced,
    /// changed people updated, new people inserted.
    func insert(_ rows: PreparedBatch) async throws {
        try await service.scoped.database.transaction { db in
            let sql = try db.sqlDatabase()
            if !rows.touched.isEmpty {
                try await sql.delete(from: ElderCategoryModel.schema).where("elder_id", .in, rows.touched).run()
                try await sql.delete(from: ElderContactModel.schema).where("elder_id", .in, rows.touched).run()
            }
            for (id, values) in rows.updates {
                var update = sql.update(ElderModel.schema)
                for (column, value) in values { update = update.set(SQLIdentifier(column), to: value.sqlExpression) }
                try await update.where("id", .equal, id).run()
            }
            for insert in rows.inserts { try await insert.run(on: db) }
        }
    }

    /// Adds people known to be new (the demo city): no checks against the register.
    public func insertNew(_ records: [ElderRecord], progress: Progress = { _, _ in }) async throws {
        try await writeAll(
            records.map { Plan(existing: nil, record: $0, idHash: service.lookupHash($0.citizenID), fingerprint: service.fingerprint($0)) },
            progress: progress)
    }
}
