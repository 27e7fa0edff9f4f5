import Fluent
import Foundation
import YanglaoCore

/// A platform's first run without the demo: the city (and its province) in the tree and the
/// first administrator, whose printed password must be changed at first sign-in. Only on
/// a database without accounts.
public struct FirstRun: Sendable {
    public let context: StoreContext
    public let hasher: BcryptHasher

    public init(_ context: StoreContext, hasher: BcryptHasher) {
        self.context = context
        self.hasher = hasher
    }

    /// True when no account exists yet.
    public static func isNeeded(on db: any Database) async throws -> Bool {
        try await UserModel.query(on: db).count() == 0
    }

    public enum Outcome: Sendable {
        /// The administrator was created; the report of the regions file, when one was given.
        case done(admin: UserModel, regions: RegionImporter.Report?)
        /// The regions file has problems: nothing was written.
        case refused([RegionFile.Problem])
    }

    /// Puts `city` and its province in the tree unless they are there (the city's name from
    /// `name` or from the file's own row for it, the province's by GB/T 2260), imports
    /// `regions` below it, and creates the administrator `username` bound to the city. A
    /// regions file with any problem writes nothing at all.
    public func setUp(city: RegionCode, name: String?, regions: [[String]]? = nil, admin username: String, password: String) async throws
        -> Outcome
    {
        let db = context.scoped.database
        guard try await Self.isNeeded(on: db) else { throw AppError(.conflict, "setup_already_done") }
        guard city.level == .city || city.level == .province else {
            throw AppError(.invalidInput, "setup_city_level", field: "city", ["code": city.value])
        }
        let top = city.lineage
        var missing: [RegionCode] = []
        for code in top where try await RegionModel.find(code.value, on: db) == nil { missing.append(code) }
        var fileName: String?
        if let regions {
            // Checked as if the city and its province were there already: they will be.
            let existing = Set(try await RegionModel.query(on: db).all().compactMap(\.id))
            let file: RegionFile
            do { file = try RegionFile(table: regions) { top.contains($0) || existing.contains($0.value) } } catch { throw error.appError }
            guard file.problems.isEmpty else { return .refused(file.problems) }
            fileName = file.rows.first { $0.code == city }?.name
        }
        if !missing.isEmpty {
            let given = name?.trimmingCharacters(in: .whitespaces) ?? ""
            let cityName = given.isEmpty ? fileName ?? (city.level == .province ? Provinces.name(of: city) ?? "" : "") : given
            guard !cityName.isEmpty || !missing.contains(city) else {
                throw AppError(.invalidInput, "setup_city_name_missing", field: "name", ["code": city.value])
            }
            let rows = missing.map { [$0.value, $0 == city ? cityName : Provinces.name(of: $0) ?? $0.value] }
            let report = try await RegionImporter(context).run([["code", "name"]] + rows, commit: true)
            if let problem = report.problems.first { return .refused([problem]) }
        }
        var report: RegionImporter.Report?
        if let regions {
            report = try await RegionImporter(context).run(regions, commit: true)
            if let problems = report?.problems, !problems.isEmpty { return .refused(problems) }
        }
        let account = AccountService.NewAccount(
            username: username, displayName: "系统管理员", role: .systemAdmin, region: city, password: password, mustChangePassword: true)
        return .done(admin: try await AccountService(context, hasher: hasher).create(account), regions: report)
    }
}
