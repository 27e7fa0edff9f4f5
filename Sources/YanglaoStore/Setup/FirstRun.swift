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

    /// Puts `city` in the tree unless it is there (its name from `name`; a missing province
    /// by its GB/T 2260 name), then creates the administrator `username` bound to it.
    public func setUp(city: RegionCode, name: String?, admin username: String, password: String) async throws -> UserModel {
        guard try await Self.isNeeded(on: context.scoped.database) else { throw AppError(.conflict, "setup_already_done") }
        guard city.level == .city || city.level == .province else {
            throw AppError(.invalidInput, "setup_city_level", field: "city", ["code": city.value])
        }
        if try await RegionModel.find(city.value, on: context.scoped.database) == nil {
            let given = name?.trimmingCharacters(in: .whitespaces) ?? ""
            let name = given.isEmpty && city.level == .province ? Provinces.name(of: city) ?? "" : given
            guard !name.isEmpty else {
                throw AppError(.invalidInput, "setup_city_name_missing", field: "name", ["code": city.value])
            }
            var table = [["code", "name"]]
            if let province = city.parent, try await RegionModel.find(province.value, on: context.scoped.database) == nil {
                table.append([province.value, Provinces.name(of: province) ?? province.value])
            }
            table.append([city.value, name])
            let report = try await RegionImporter(context).run(table, commit: true)
            if let problem = report.problems.first {
                throw AppError(.invalidInput, problem.code, field: "city", ["value": problem.value])
            }
        }
        let account = AccountService.NewAccount(
            username: username, displayName: "系统管理员", role: .systemAdmin, region: city, password: password, mustChangePassword: true)
        return try await AccountService(context, hasher: hasher).create(account)
    }
}
