import ArgumentParser
import Foundation
import YanglaoCore
import YanglaoStore
import YanglaoWeb

/// `yanglao setup`: a real city's first run, without the demo.
struct Setup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Set up an empty database for a city: its regions and the first administrator.",
        discussion: """
            Runs only on a database without accounts. With --regions the file of division codes is \
            imported first (see `yanglao regions import --help`); a file with any problem stops here and \
            writes nothing. The city (and its province) is then put in the tree unless the file has it, and \
            the administrator account is created with a one-time password, printed once, that must be \
            changed at the first sign-in.
            """)

    @OptionGroup var db: DatabaseOption
    @Option(help: "The city's division code: 4, 6 or 12 digits (e.g. 4109 for 濮阳市); a province's 2 digits for a province.")
    var city: String
    @Option(help: "The city's name, when the regions file does not give it (e.g. 濮阳市).") var name: String?
    @Option(help: "A file of division codes to import first (CSV or XLSX).") var regions: String?
    @Option(help: "The administrator's login name.") var admin = "admin"

    func run() async throws {
        guard let code = RegionFile.code(city) else { throw ValidationError("--city: not a division code (\(city))") }
        let data = try regions.map(TableFiles.read)
        try await UserCommand.run(db) { app in
            guard try await FirstRun.isNeeded(on: app.db) else {
                print("数据库中已有账号，无需初始化 / the database already has accounts: setup runs only once")
                throw ExitCode(1)
            }
            let context = app.context(as: .commandLine())
            let table = try data.map { try ImportFile.table(from: $0) }
            let password = Passwords.generate()
            let outcome = try await FirstRun(context, hasher: app.passwordHasher)
                .setUp(city: code, name: name, regions: table, admin: admin, password: password)
            guard case .done(let user, let report) = outcome else {
                if case .refused(let problems) = outcome {
                    let message = try TableFiles.message()
                    for p in problems.prefix(20) { print("  第 \(p.line) 行 row, \(p.column): \(message(p.error))") }
                    print("区划文件有 \(problems.count) 个问题，未写入任何数据 / \(regions ?? "") has problems: nothing written")
                }
                throw ExitCode(2)
            }
            if let report, let regions {
                print("区划 / regions: 新增 added \(report.added.count), 未变 unchanged \(report.unchanged) from \(regions)")
            }
            print(
                """
                已初始化 / set up: \(code) — administrator \(user.username)
                一次性密码 / one-time password: \(password)
                （仅显示这一次，首次登录后须修改 / shown once; it must be changed at the first sign-in）

                下一步 / next:
                  1. yanglao serve                                   启动 / start the server, sign in as \(user.username)
                  2. yanglao regions import 区划.csv --commit          区县、乡镇、村（社区） / counties, townships, villages
                  3. yanglao user import 账号.xlsx --commit --passwords 密码.xlsx   各级工作人员账号 / officers' accounts
                  4. yanglao import elders 老年人.xlsx --commit        老年人信息 / the elder register
                """)
        }
    }
}
