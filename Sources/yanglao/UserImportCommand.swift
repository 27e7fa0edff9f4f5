import ArgumentParser
import Foundation
import YanglaoCore
import YanglaoStore
import YanglaoWeb

extension UserCommand {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create accounts in bulk from CSV (UTF-8 or GB18030) or XLSX.",
            discussion: """
                Columns: 用户名/username, 姓名/name, 角色/role (the code, e.g. county_officer, or its Chinese \
                name), 区划代码/region (the region must exist). Without --commit the file is only checked. With \
                --commit a file without problems creates its new accounts in one step, each with a generated \
                password that must be changed at the first sign-in; give --passwords FILE.xlsx to write them for \
                handing out (they are not printed). An account that exists with the same name, role and region is \
                left as it is, so the same file again changes nothing.
                """)

        @OptionGroup var db: DatabaseOption
        @Argument(help: "The CSV or XLSX file.") var file: String
        @Flag(help: "Create the accounts (default: check only).") var commit = false
        @Option(help: "Write the new accounts' one-time passwords to this file (.xlsx or .csv); required with --commit.")
        var passwords: String?

        func validate() throws {
            if commit && passwords == nil {
                throw ValidationError("--commit needs --passwords FILE.xlsx: the one-time passwords are shown only there")
            }
        }

        func run() async throws {
            let data = try TableFiles.read(file)
            try await UserCommand.run(db) { app in
                let catalogue = try Catalogue.bundled()
                let names = Dictionary(uniqueKeysWithValues: Role.allCases.map { (catalogue.text("role_\($0.rawValue)", .zh), $0) })
                let importer = AccountImporter(app.context(as: .commandLine()), hasher: app.passwordHasher, roleNames: names)
                let bar = ProgressBar(enabled: commit)
                let report = try await importer.run(try ImportFile.table(from: data), commit: commit) { bar.update("密码 hash", $0, $1) }
                let message = try TableFiles.message()
                let nothingNew = report.created.isEmpty && report.problems.isEmpty
                let verb = report.committed ? "已创建 / created" : nothingNew ? "无变化 / nothing to change" : "检查结果 / check"
                print(
                    "\(verb): \(report.rows) rows — 新账号 new \(report.created.count), 未变 unchanged \(report.unchanged), 问题 problems \(report.problems.count)"
                )
                for p in report.problems.prefix(20) { print("  第 \(p.line) 行 row, \(p.column): \(message(p.error))") }
                if !report.problems.isEmpty {
                    print("文件有问题，未创建任何账号 / the file has problems, no account created")
                    throw ExitCode(2)
                }
                if report.committed, let passwords {
                    let rows = report.created.map {
                        [$0.username, $0.name, catalogue.text("role_\($0.role.rawValue)", .zh), $0.region.value, $0.password]
                    }
                    try TableFiles.write([["用户名", "姓名", "角色", "区划代码", "一次性密码（首次登录须修改）"]] + rows, to: passwords, sheet: "新账号", secret: true)
                    print("一次性密码 / one-time passwords: \(passwords) — 请妥善分发后删除 / hand them out, then delete the file")
                } else if !commit && !nothingNew {
                    print("仅检查，未写入 / checked only, nothing written: add --commit --passwords FILE.xlsx")
                }
            }
        }
    }
}
