import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// Writes a `DemoCityPlan` into an empty database: the region tree in batches, then one
/// account per role and level. Later domains add their demo data here.
public struct DemoCityBuilder: Sendable {
    public let plan: DemoCityPlan
    public let hasher: BcryptHasher

    public init(plan: DemoCityPlan, hasher: BcryptHasher) {
        self.plan = plan
        self.hasher = hasher
    }

    public enum Problem: Error, CustomStringConvertible {
        case notEmpty(regions: Int)
        public var description: String {
            switch self {
            case .notEmpty(let n): "the database already holds \(n) regions; a demo city is only built into an empty database"
            }
        }
    }

    /// True when the database holds no regions yet.
    public static func isEmpty(_ db: any Database) async throws -> Bool {
        try await RegionModel.query(on: db).count() == 0
    }

    /// Builds the city. `progress` is told (step, done, total) as work proceeds.
    public func build(
        on db: any Database, protection: DataProtection, password: String, progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }
    ) async throws {
        let existing = try await RegionModel.query(on: db).count()
        guard existing == 0 else { throw Problem.notEmpty(regions: existing) }
        let regions = plan.regions
        try await db.transaction { tx in
            try await RegionRows.insert(regions.map { .init(code: $0.code, name: $0.name, kind: $0.code.kind, urbanRural: nil) }, on: tx) {
                progress("regions", $0, $1)
            }
        }
        // Demo accounts share one password, so one hash serves them all (bcrypt is slow by design).
        let hash = try await hasher.hash(password)
        let accounts = plan.accounts
        let actor = Actor.commandLine()
        try await db.transaction { tx in
            for (i, account) in accounts.enumerated() {
                let user = UserModel(
                    username: account.username, displayName: account.displayName,
                    role: account.role, region: account.region, passwordHash: hash)
                try user.setPhone(try account.phone.map { try PhoneNumber($0) }, protection: protection)
                try await user.create(on: tx)
                progress("accounts", i + 1, accounts.count)
            }
            try await AuditLog.record(
                on: tx, actor: actor, action: "demo.create", recordType: "city", recordID: DemoCityPlan.city.code.value,
                region: DemoCityPlan.city.code,
                detail: "size=\(plan.size.rawValue) seed=\(plan.seed) regions=\(regions.count) accounts=\(accounts.count)")
        }
        try await publishServiceLists(on: db, protection: protection)
        let subsidies = SubsidyConfiguration(StoreContext(database: db, actor: .commandLine(), protection: protection))
        // The county first: its list raises the 高龄津贴, which the city's schemes would not pay there.
        try await subsidies.configure(DemoCityPlan.counties[0].code, schemes: ExampleSubsidySchemes.county, note: ExampleSubsidySchemes.label)
        try await subsidies.configure(DemoCityPlan.city.code, schemes: ExampleSubsidySchemes.person, note: ExampleSubsidySchemes.label)
    }

    /// The example city list from the start of the year, and a county list (higher in two
    /// items, with one of its own) from the first of July.
    func publishServiceLists(on db: any Database, protection: DataProtection) async throws {
        let lists = ServiceListService(StoreContext(database: db, actor: .commandLine(), protection: protection))
        let year = CalendarDate.today().year
        let city = try await lists.create(
            for: DemoCityPlan.city.code,
            ServiceListDraft(
                version: "\(year)版", validFrom: "\(year)-01-01", items: ExampleServiceLists.city, note: ExampleServiceLists.label))
        _ = try await lists.publish(city.id!)
        let county = try await lists.create(
            for: DemoCityPlan.counties[0].code,
            ServiceListDraft(
                version: "\(year)版", validFrom: "\(year)-07-01", items: ExampleServiceLists.county, note: ExampleServiceLists.label))
        _ = try await lists.publish(county.id!)
    }

    /// Adds the demo register (DemoElderPlan), county by county, sealed like any other.
    public func buildElders(
        on db: any Database, protection: DataProtection, progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }
    ) async throws {
        let people = DemoElderPlan(city: plan)
        let importer = ElderImporter(
            service: ElderService(StoreContext(database: db, actor: .commandLine(), protection: protection, today: .today())))
        let total = people.count
        var done = 0
        for county in DemoCityPlan.counties {
            let records = people.elders(ofCounty: county.code.divisionCode, seed: plan.seed)
            let before = done
            try await importer.insertNew(records) { written, _ in progress("elders", before + written, total) }
            try await addAssessments(of: records, in: county.code, service: importer.service, on: db)
            done += records.count
        }
        progress("elders", total, total)
    }

    /// Binds the demo family account `elder` to the oldest person living in the first village,
    /// as their child, so the elder's pages (叫服务) can be tried at once. Returns the person.
    @discardableResult
    public func bindDemoFamily(on db: any Database, protection: DataProtection) async throws -> ElderModel? {
        guard let village = plan.regions.first(where: { $0.code.level == .village }),
            let person = try await ElderModel.query(on: db).filter(\.$regionCode == village.code.value)
                .filter(\.$status == ElderStatus.active.rawValue).sort(\.$birthDate).sort(\.$name).first()
        else { return nil }
        let elders = ElderService(StoreContext(database: db, actor: .commandLine(), protection: protection))
        _ = try await FamilyService(elders.context).bind(person.id!, username: "elder", relation: "子女")
        return person
    }

    /// A year of monthly subsidy runs for the city, up to the month before `today`: every
    /// month approved and locked but the last, which waits for the county's approval.
    public func buildSubsidyHistory(
        on db: any Database, protection: DataProtection, today: CalendarDate = .today(),
        progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }
    ) async throws {
        let runs = SubsidyRunService(StoreContext(database: db, actor: .commandLine(), protection: protection, today: today))
        var month = CalendarMonth(today).previous
        for _ in 0..<11 { month = month.previous }
        for i in 0..<12 {
            let report = try await runs.run(month, in: DemoCityPlan.city.code)
            if i < 11 { _ = try await runs.approve(try report.run.requireID()) }
            progress("subsidies", i + 1, 12)
            month = month.next
        }
    }

    /// The approved assessments DemoAssessmentPlan gives the county's people, written in bulk.
    func addAssessments(of records: [ElderRecord], in county: RegionCode, service: ElderService, on db: any Database) async throws {
        let plan = DemoAssessmentPlan(today: service.today)
        let sql = try db.sqlDatabase()
        let range = ScopedDatabase.codeRange(of: county)
        var ids: [String: UUID] = [:]
        for row in try await sql.select().columns("id", "id_hash").from(ElderModel.schema)
            .where("region_code", .greaterThanOrEqual, range.low).where("region_code", .lessThanOrEqual, range.high).all()
        {
            ids[try row.decode(column: "id_hash", as: String.self)] = try row.decode(column: "id", as: UUID.self)
        }
        let policy = ReassessmentPolicy.standard
        let now = Date()
        let none = JSONColumn.encode(LevelChangeFacts.none)
        var rows: [[BulkCell]] = []
        var generator = TimeOrderedIDs()
        for record in records {
            guard let a = plan.assessment(of: record), let elder = ids[service.lookupHash(record.citizenID)] else { continue }
            rows.append([
                .uuid(generator.next()), .uuid(elder), .text(a.result.standard), .text(a.reason.rawValue), .text(a.assessedOn.description),
                .text(AssessmentStatus.approved.rawValue), .null, .text("示范评估员"), .text(JSONColumn.encode(a.answers)),
                .text(none), .text(JSONColumn.encode(a.result)), .int(a.result.total), .int(a.result.initialLevel.rawValue),
                .int(a.result.finalLevel.rawValue), .null, .text("示范审核人"), .date(now), .null,
                .text(policy.due(after: a.assessedOn, reason: a.reason).description), .bool(true), .date(now), .date(now),
            ])
        }
        let columns = [
            "id", "elder_id", "standard", "reason", "assessed_on", "status", "assessor_id", "assessor_name", "answers", "facts",
            "result", "total", "initial_level", "final_level", "reviewer_id", "reviewer_name", "reviewed_at", "review_note",
            "next_due", "current", "created_at", "updated_at",
        ]
        for start in stride(from: 0, to: rows.count, by: 1000) {
            try await BulkInsert.run(
                db, into: AbilityAssessmentModel.schema, columns: columns, rows: Array(rows[start..<min(start + 1000, rows.count)]))
        }
    }
}
