import ArgumentParser
import Foundation
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoWeb

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage accounts.",
        subcommands: [Create.self, Import.self, List.self, Disable.self, ResetPassword.self])

    static func service(_ app: Application) -> AccountService {
        AccountService(app.context(as: .commandLine()), hasher: app.passwordHasher)
    }

    static func describe(_ error: any Error) -> String {
        guard let e = error as? AppError else { return "\(error)" }
        let zh =
            (try? Catalogue.bundled())?
            .text("error.\(e.code)", .zh, e.arguments) ?? e.code
        return "\(zh) (\(e.code))"
    }

    /// Runs `body` and turns a domain error into a plain message and exit code 1.
    static func run(_ db: DatabaseOption, _ body: @escaping (Application) async throws -> Void) async throws {
        do { try await AppRunner.withApp(db, body) } catch let error as AppError {
            FileHandle.standardError.write(Data("错误 / error: \(describe(error))\n".utf8))
            throw ExitCode(1)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account bound to a region.")
        @OptionGroup var db: DatabaseOption
        @Option(help: "Login name: 3–64 of a-z 0-9 . _ -") var username: String
        @Option(help: "Name shown in the console.") var name: String
        @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", "))") var role: String
        @Option(help: "12-digit region code the account is bound to.") var region: String
        @Option(help: "Password (default: a random one, printed).") var password: String?

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("unknown role '\(role)'") }
            let code: RegionCode
            do { code = try RegionCode(region) } catch { throw ValidationError("--region: not a 12-digit region code (\(error))") }
            let password = self.password ?? Passwords.generate()
            try await UserCommand.run(db) { app in
                let user = try await UserCommand.service(app).create(
                    .init(username: username, displayName: name, role: role, region: code, password: password))
                print("已创建 / created: \(user.username) (\(user.role), \(user.regionCode))")
                if self.password == nil { print("密码 / password: \(password)") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var db: DatabaseOption
        @Option(help: "Only accounts in this region's subtree.") var region: String?
        @Option(help: "Only this role.") var role: String?
        @Option(help: "Username or name contains.") var search: String?
        @Option(help: "Page number.") var page = 1
        @Option(help: "Rows per page (max 200).") var per = 50

        func run() async throws {
            var filter = AccountService.ListFilter()
            if let r = region {
                do { filter.region = try RegionCode(r) } catch { throw ValidationError("--region: not a 12-digit region code") }
            }
            if let r = role {
                guard let parsed = Role(rawValue: r) else { throw ValidationError("unknown role '\(r)'") }
                filter.role = parsed
            }
            filter.search = search
            let listPage: ListPage
            do { listPage = try ListPage(page: page, per: per) } catch { throw ValidationError("--page ≥ 1 and 1 ≤ --per ≤ \(ListPage.maximumPer)") }
            try await UserCommand.run(db) { app in
                let result = try await UserCommand.service(app).list(filter, page: listPage)
                print(
                    "USERNAME".padding(toLength: 26, withPad: " ", startingAt: 0) + "ROLE".padding(toLength: 18, withPad: " ", startingAt: 0)
                        + "REGION        STATUS    NAME")
                for u in result.items {
                    print(
                        u.username.padding(toLength: 26, withPad: " ", startingAt: 0) + u.role.padding(toLength: 18, withPad: " ", startingAt: 0)
                            + u.regionCode + "  " + (u.disabled ? "disabled" : "active  ") + "  " + u.displayName)
                }
                print("— \(result.total) accounts, page \(listPage.page)/\(listPage.pageCount(total: result.total))")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account (its tokens are revoked), or enable it again.")
        @OptionGroup var db: DatabaseOption
        @Argument(help: "Username.") var username: String
        @Flag(help: "Enable instead of disable.") var enable = false

        func run() async throws {
            try await UserCommand.run(db) { app in
                let service = UserCommand.service(app)
                let user = try await service.find(username: username)
                _ = try await service.update(user.requireID(), .init(disabled: !enable))
                print(enable ? "已启用 / enabled: \(user.username)" : "已停用 / disabled: \(user.username)")
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password", abstract: "Set a new password; all the account's tokens are revoked.")
        @OptionGroup var db: DatabaseOption
        @Argument(help: "Username.") var username: String
        @Option(help: "New password (default: a random one, printed).") var password: String?

        func run() async throws {
            let password = self.password ?? Passwords.generate()
            try await UserCommand.run(db) { app in
                let service = UserCommand.service(app)
                let user = try await service.find(username: username)
                try await service.resetPassword(user.requireID(), to: password)
                print("密码已重置 / password reset: \(user.username)")
                if self.password == nil { print("新密码 / new password: \(password)") }
            }
        }
    }
}
