import ArgumentParser
import Foundation
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoWeb

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a deterministic demo city shaped like Puyang (濮阳市) into an empty database.")

    @OptionGroup var db: DatabaseOption
    @Option(help: "tiny (seconds; tests), small (development, HTTP benchmark) or city (full size; benchmarks).")
    var size: String = "small"
    @Option(help: "Seed: the same seed gives the same city.") var seed: UInt64 = 1
    @Option(help: "Password of all demo accounts (default: a random one, printed).") var adminPassword: String?
    @Flag(help: "Regions and accounts only, no elder register.") var noElders = false

    func validate() throws {
        guard DemoSize(rawValue: size) != nil else { throw ValidationError("--size must be tiny, small or city") }
        if let p = adminPassword {
            do { try AccountRules.checkPassword(p) } catch {
                throw ValidationError(
                    "--admin-password: at least \(AccountRules.minimumPasswordLength) characters, with letters and digits or symbols")
            }
        }
    }

    func run() async throws {
        try await AppRunner.withApp(db) { app in
            guard try await DemoCityBuilder.isEmpty(app.db) else {
                throw ValidationError(
                    "数据库不为空 / the database is not empty: a demo city is only built into an empty database (\(app.yanglaoConfig.database))")
            }
            let password = adminPassword ?? Passwords.generate()
            try await DemoCommand.build(app: app, size: DemoSize(rawValue: size)!, seed: seed, password: password, elders: !noElders)
            DemoCommand.printLogins(password: password, url: nil)
        }
    }
}

enum DemoCommand {
    static func build(app: Application, size: DemoSize, seed: UInt64, password: String, elders: Bool = true) async throws {
        let started = Date()
        let plan = DemoCityPlan(size: size, seed: seed)
        let bar = ProgressBar(enabled: true)
        print("生成示范城市 / building demo city: \(size.rawValue), seed \(seed), \(plan.regions.count) regions, \(plan.accounts.count) accounts")
        let builder = DemoCityBuilder(plan: plan, hasher: app.passwordHasher)
        try await builder.build(on: app.db, protection: app.dataProtection, password: password) { step, done, total in bar.update(step, done, total) }
        if elders {
            try await builder.buildElders(on: app.db, protection: app.dataProtection) { step, done, total in bar.update(step, done, total) }
            try await builder.bindDemoFamily(on: app.db, protection: app.dataProtection)
            try await builder.buildSubsidyHistory(on: app.db, protection: app.dataProtection) { step, done, total in bar.update(step, done, total) }
            try await builder.buildProviders(on: app.db, protection: app.dataProtection) { step, done, total in bar.update(step, done, total) }
            try await builder.buildOrderHistory(on: app.db) { step, done, total in bar.update(step, done, total) }
            try await builder.buildAlarmHistory(on: app.db, protection: app.dataProtection) { step, done, total in bar.update(step, done, total) }
            try await DemoTargets.add(app)
        }
        let levels = RegionLevel.allCases.map { "\($0.rawValue) \(plan.count(at: $0))" }.joined(separator: ", ")
        let people = elders ? ", elders \(DemoElderPlan(city: plan).count)" : ""
        print(String(format: "完成 / done in %.1f s: %@%@", Date().timeIntervalSince(started), levels, people))
    }

    static func printLogins(password: String, url: String?) {
        if let url { print("\n登录地址 / sign in at: \(url)login") }
        print("示范账号（密码相同）/ demo accounts (same password): \(password)")
        print("  admin     系统管理员 system admin (濮阳市)")
        print("  city      市级 city officer")
        print("  county.410902  县级 county officer (华龙区)   township.410902001  乡镇级 township officer")
        print("  hotline, assessor, inspector, provider, worker, institution, volunteer, elder")
        print("  list all: yanglao user list")
    }
}

/// A one-line progress bar on standard error, redrawn in place when it is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDrawn = Date.distantPast
    private let isTerminal = isatty(FileHandle.standardError.fileDescriptor) != 0
    private let enabled: Bool
    private var lastStep = ""
    private var finishedSteps = Set<String>()

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ step: String, _ done: Int, _ total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let finished = done >= total
        // A step reported complete twice is drawn once.
        if finished && !finishedSteps.insert(step).inserted { return }
        guard finished || now.timeIntervalSince(lastDrawn) > 0.1 || step != lastStep else { return }
        lastDrawn = now
        lastStep = step
        let width = 30
        let filled = total == 0 ? width : width * done / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = "  \(step.padding(toLength: 9, withPad: " ", startingAt: 0)) \(bar) \(done)/\(total)"
        if isTerminal {
            FileHandle.standardError.write(Data(("\r" + line + (finished ? "\n" : "")).utf8))
        } else if finished {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

}
