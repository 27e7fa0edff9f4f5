import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// What a computation of a month did.
public struct SubsidyRunReport: Sendable {
    public let run: SubsidyRunModel
    /// False when the facts had not changed since the last computation: nothing was written.
    public let changed: Bool
    /// Against the run's own previous computation (empty on the first).
    public let recomputation: [SubsidyChange]
    /// Against the previous month's run of the region, if there is one.
    public let previousMonth: [SubsidyChange]
    /// People in the region's register (the run reads only those some scheme can pay).
    public let people: Int
}

/// 月度补贴发放: computes a month's payments for a region from the register, the
/// assessments and the region's subsidy configuration; the same month may be computed again
/// while the facts change (each time showing exactly what changed) until the county approves
/// it, and then it is locked.
public struct SubsidyRunService: Sendable {
    public let context: StoreContext
    /// The register, read as this context's actor.
    var register: ElderService { ElderService(context) }

    public init(_ context: StoreContext) { self.context = context }
    var db: any Database { context.scoped.database }

    // MARK: Runs

    /// Computes `month` for `region` (the actor's region by default).
    public func run(_ month: CalendarMonth, in region: RegionCode? = nil, progress: @Sendable (String) -> Void = { _ in }) async throws
        -> SubsidyRunReport
    {
        guard context.actor.role.canEditRegister || context.actor.role == .cityOfficer else { throw AppError(.forbidden, "subsidy_forbidden") }
        guard let scope = region ?? context.actor.region else { throw AppError(.invalidInput, "required", field: "region") }
        do { try context.scoped.authorize(scope) } catch { throw AppError(.forbidden, "region_forbidden", field: "region", ["code": scope.value]) }
        guard [.city, .county, .township].contains(scope.level) else {
            throw AppError(.invalidInput, "subsidy_run_level", field: "region", ["code": scope.value])
        }
        let monthRuns = try await runs(of: month)
        let existing = monthRuns.first { $0.regionCode == scope.value }
        if let existing, existing.statusValue == .approved {
            throw AppError(.conflict, "subsidy_run_locked", field: "month", ["month": month.description, "region": scope.value])
        }
        if let other = monthRuns.first(where: { $0.regionCode != scope.value && ($0.region.contains(scope) || scope.contains($0.region)) }) {
            throw AppError(.conflict, "subsidy_run_overlap", field: "region", ["month": month.description, "region": other.regionCode])
        }
        // Each person is paid under the schemes of their own region: a county's own amounts within the city's run.
        let inForce = try await SubsidyConfiguration(context).schemesByRegion(within: scope)
        let schemes = inForce.all
        guard !schemes.isEmpty else {
            throw AppError(.invalidInput, "subsidy_no_schemes", field: "region", ["code": scope.value])
        }

        progress("reading the register of \(scope.value)")
        // Only the people some scheme can pay are read; those no longer paid are read by id below, to say why.
        let population = try await SubsidyPopulation.load(
            scope, narrowedTo: EligibilityPrefilter.sql(for: schemes, in: month), scoped: context.scoped)
        let subjects = population.subjects
        let registered =
            try await context.scoped.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(ElderModel.schema)
            .where(try context.scoped.sqlPredicate(column: "region_code", within: scope)).first(decoding: Count.self)?.n ?? 0
        var names = population.names
        var byKey = Dictionary(uniqueKeysWithValues: subjects.map { ($0.subjectKey, $0) })
        progress("computing \(subjects.count) of \(registered) people under \(inForce.sets.count) configurations")
        // The rules are pure: the people are computed in chunks on all cores.
        let lines = await ParallelMap.map(subjects.chunked(into: 10_000).map(Array.init)) { part in
            inForce.lines(part, in: month)
        }.flatMap { $0 }
        progress("comparing \(lines.count) payments with the last computation and the previous month")
        var before: [SubsidyLine] = []
        if let existing { before = try await linesToCompare(of: existing) }
        let previousRun = try await runs(of: month.previous).first { $0.regionCode == scope.value }
        var previousLines: [SubsidyLine] = []
        if let previousRun { previousLines = try await linesToCompare(of: previousRun) }
        let paid = Set(lines.map(\.changeKey))
        let unread = Set((before + previousLines).filter { !paid.contains($0.changeKey) && byKey[$0.subjectKey] == nil }.map(\.subjectKey))
        if !unread.isEmpty {
            let stopped = try await SubsidyPopulation.load(scope, keys: Array(unread), scoped: context.scoped)
            for subject in stopped.subjects { byKey[subject.subjectKey] = subject }
            names.merge(stopped.names) { a, _ in a }
        }
        let subjectsByKey = byKey
        @Sendable func whyStopped(_ line: SubsidyLine) -> String {
            let subject = subjectsByKey[line.subjectKey]
            let region = subject?.region ?? (try? RegionCode(line.region)) ?? scope
            guard let scheme = inForce.schemes(for: region).first(where: { $0.code == line.scheme }) else { return "该补贴已不再配置" }
            guard let subject else { return "已不在本辖区登记" }
            return SubsidyCalculator.outcome(of: scheme, for: subject, in: month).reason
        }
        // Both comparisons at once, on two cores.
        let comparisons = await ParallelMap.map([existing == nil ? nil : before, previousRun == nil ? nil : previousLines]) { earlier in
            earlier.map { SubsidyChanges.between($0, lines, whyStopped: whyStopped) } ?? []
        }
        let (recomputation, previousMonth) = (comparisons[0], comparisons[1])
        let payees = names
        if let existing, recomputation.isEmpty {
            return SubsidyRunReport(run: existing, changed: false, recomputation: [], previousMonth: previousMonth, people: registered)
        }
        progress("writing \(lines.count) payments")
        let actor = context.actor
        let run = existing ?? SubsidyRunModel()
        try await db.transaction { db in
            run.regionCode = scope.value
            run.month = month.description
            run.status = SubsidyRunModel.Status.computed.rawValue
            run.lineCount = lines.count
            run.totalFen = lines.reduce(0) { $0 + $1.fen }
            run.computedBy = actor.username
            run.computedAt = Date()
            run.computations = (existing?.computations ?? 0) + 1
            try await run.save(on: db)
            let runID = try run.requireID()
            let sql = try db.sqlDatabase()
            try await sql.delete(from: SubsidyLineModel.schema).where("run_id", .equal, runID).run()
            try await sql.delete(from: SubsidyChangeModel.schema).where("run_id", .equal, runID).where("versus", .equal, "previous_month").run()
            var ids = TimeOrderedIDs()
            let lineRows: [[BulkCell]] = lines.map { l in
                [
                    .uuid(ids.next()), .uuid(runID), .text(l.scheme), .uuid(UUID(uuidString: l.subjectKey)!), .text(l.region),
                    .text(payees[l.subjectKey] ?? ""), .int(l.fen), .text(l.form.rawValue), .text(l.explanation),
                ]
            }
            for chunk in lineRows.chunked(into: 2000) {
                try await BulkInsert.run(
                    db, into: SubsidyLineModel.schema,
                    columns: ["id", "run_id", "scheme", "elder_id", "region_code", "payee", "fen", "form", "explanation"], rows: Array(chunk))
            }
            let changeRows: [[BulkCell]] = [("recomputation", recomputation), ("previous_month", previousMonth)].flatMap { versus, changes in
                changes.map { c in
                    [
                        .uuid(ids.next()), .uuid(runID), .text(versus), .int(run.computations), .text(c.kind.rawValue), .text(c.scheme),
                        .uuid(UUID(uuidString: c.subjectKey)!), .text(payees[c.subjectKey] ?? ""), BulkCell(c.beforeFen), BulkCell(c.afterFen),
                        .text(c.reason),
                    ]
                }
            }
            for chunk in changeRows.chunked(into: 2000) {
                try await BulkInsert.run(
                    db, into: SubsidyChangeModel.schema,
                    columns: ["id", "run_id", "versus", "computation", "kind", "scheme", "elder_id", "payee", "before_fen", "after_fen", "reason"],
                    rows: Array(chunk))
            }
            try await AuditLog.record(
                on: db, actor: actor, action: "subsidy.run", recordType: "subsidy_run", recordID: runID.uuidString, region: scope,
                detail: "\(month) lines=\(lines.count) total_fen=\(run.totalFen) computation=\(run.computations) changes=\(recomputation.count)")
        }
        return SubsidyRunReport(run: run, changed: true, recomputation: recomputation, previousMonth: previousMonth, people: registered)
    }

    /// Approves a computed run (county officers of the region, or the city for its own run); it is then locked.
    public func approve(_ id: UUID) async throws -> SubsidyRunModel {
        let actor = context.actor
        guard actor.role == .countyOfficer || actor.role == .cityOfficer || actor.role == .systemAdmin else {
            throw AppError(.forbidden, "subsidy_approve_forbidden")
        }
        let run = try await self.run(id)
        guard run.statusValue == .computed else {
            throw AppError(.conflict, "subsidy_run_locked", field: "month", ["month": run.month, "region": run.regionCode])
        }
        run.status = SubsidyRunModel.Status.approved.rawValue
        run.approvedBy = actor.username
        run.approvedAt = Date()
        try await db.transaction { db in
            try await run.update(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "subsidy.approve", recordType: "subsidy_run", recordID: id.uuidString,
                region: run.region, detail: "\(run.month) lines=\(run.lineCount) total_fen=\(run.totalFen)")
        }
        return run
    }

    /// A run inside the actor's region.
    public func run(_ id: UUID) async throws -> SubsidyRunModel {
        try register.requireRead()
        guard let run = try await SubsidyRunModel.find(id, on: db), context.scoped.allows(run.region) else {
            throw AppError(.notFound, "subsidy_run_not_found")
        }
        return run
    }

    /// Runs of `month` anywhere (for overlap checks), or in the actor's region for lists.
    func runs(of month: CalendarMonth) async throws -> [SubsidyRunModel] {
        try await SubsidyRunModel.query(on: db).filter(\.$month == month.description).all()
    }

    /// The runs the actor may see, the latest month first.
    public func visibleRuns() async throws -> [SubsidyRunModel] {
        try register.requireRead()
        return try await SubsidyRunModel.query(on: db).sort(\.$month, .descending).sort(\.$regionCode).all()
            .filter { context.scoped.allows($0.region) }
    }

    /// The runs of the regions above the actor's, which pay its people too (a city computes
    /// for its counties), the latest month first; they are the region above's to open.
    public func coveringRuns() async throws -> [SubsidyRunModel] {
        try register.requireRead()
        guard var up = context.actor.region?.parent else { return [] }
        var above = [up.value]
        while let next = up.parent {
            above.append(next.value)
            up = next
        }
        return try await SubsidyRunModel.query(on: db).filter(\.$regionCode ~~ above).sort(\.$month, .descending).all()
    }

    /// The payments of an earlier run as a comparison needs them: without their explanations,
    /// which a comparison never reads (a stopped payment's reason is worked out anew), and
    /// which would be most of the bytes read.
    func linesToCompare(of run: SubsidyRunModel) async throws -> [SubsidyLine] {
        try await PlainRows.all(
            context.scoped.sql.select().columns("scheme", "elder_id", "region_code", "fen", "form")
                .from(SubsidyLineModel.schema).where("run_id", .equal, SQLBind(try run.requireID())), on: db
        ).map { row in
            SubsidyLine(
                scheme: try row.requiredString("scheme"), subjectKey: try row.idText("elder_id"),
                region: try row.requiredString("region_code"), fen: try row.int("fen") ?? 0,
                form: PaymentForm(rawValue: try row.requiredString("form")) ?? .cash, explanation: "")
        }
    }

    /// The payments of a run, optionally of one township and one scheme, in region and name order.
    public func payments(of run: SubsidyRunModel, township: RegionCode? = nil, scheme: String? = nil) async throws -> [SubsidyLineModel] {
        var query = try ScopedDatabase(database: db, root: township).query(SubsidyLineModel.self).filter(\.$run.$id == (try run.requireID()))
        if let scheme { query = query.filter(\.$scheme == scheme) }
        return try await query.sort(\.$regionCode).sort(\.$payee).sort(\.$elderID).all()
    }

    /// A run's payments counted and summed per township and scheme (the figures the console
    /// shows and the payment lists total to).
    public func totals(of run: SubsidyRunModel) async throws -> [(township: String, scheme: String, count: Int, fen: Int)] {
        let sql = try context.scoped.sql
        let township = SQLFunction("SUBSTR", args: SQLColumn("region_code"), SQLLiteral.numeric("1"), SQLLiteral.numeric("9"))
        return try await sql.select().column(township, as: "t").column("scheme")
            // PostgreSQL sums bigints as numeric.
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").column(SQLRaw("CAST(SUM(fen) AS BIGINT)"), as: "fen")
            .from(SubsidyLineModel.schema).where("run_id", .equal, SQLBind(try run.requireID()))
            .groupBy(SQLLiteral.numeric("1")).groupBy(SQLLiteral.numeric("2")).orderBy(SQLLiteral.numeric("1")).orderBy(SQLLiteral.numeric("2"))
            .all().map { row in
                (
                    township: try row.decode(column: "t", as: String.self) + "000", scheme: try row.decode(column: "scheme", as: String.self),
                    count: try row.decode(column: "n", as: Int.self), fen: try row.decode(column: "fen", as: Int.self)
                )
            }
    }

    /// The changes of a run's latest computation: against the previous month, and the recomputation ones.
    public func changes(of run: SubsidyRunModel) async throws -> [SubsidyChangeModel] {
        try await SubsidyChangeModel.query(on: db).filter(\.$run.$id == (try run.requireID()))
            .group(.or) { $0.filter(\.$versus == "previous_month").filter(\.$computation == run.computations) }
            .sort(\.$versus).sort(\.$kind).sort(\.$payee).all()
    }
}

private struct Count: Decodable { let n: Int }
