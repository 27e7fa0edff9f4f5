import ArgumentParser
import Foundation
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoWeb

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import data from files.",
        subcommands: [Elders.self, Feed.self])

    struct Elders: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "elders",
            abstract: "Import people into the elder register from CSV (UTF-8 or GB18030) or XLSX.",
            discussion: """
                Without --commit the file is only checked: the counts of new, changed, unchanged and \
                rejected rows and every problem are printed, and nothing is written. With --commit the \
                valid rows are written in transactions; importing the same file again changes nothing.
                Columns (Chinese headers, * required): \(ElderImportColumn.allCases.map { $0.header + ($0.isRequired ? "*" : "") }.joined(separator: ", ")).
                Write the template with: yanglao import elders --template FILE.xlsx
                """)

        @OptionGroup var db: DatabaseOption
        @Argument(help: "The CSV or XLSX file (or, with --template, where to write the template).") var file: String
        @Flag(help: "Write the valid rows (default: check only).") var commit = false
        @Option(help: "Import as an officer of this region: rows outside it are rejected (default: the whole platform).") var region: String?
        @Option(help: "Also write the problem list to this file (.csv or .xlsx).") var report: String?
        @Flag(help: "Write an empty template to FILE instead of importing (.csv or .xlsx).") var template = false
        @Option(help: "How many problems to print (the report file has all).") var show = 20

        func run() async throws {
            if template {
                try TableFiles.write(ImportFile.templateTable, to: file, sheet: "老年人信息导入模板")
                print("模板已写入 / template written: \(file)")
                return
            }
            var code: RegionCode?
            if let region {
                do { code = try RegionCode(region) } catch { throw ValidationError("--region: not a 12-digit region code") }
            }
            let data = try TableFiles.read(file)
            let started = Date()
            try await UserCommand.run(db) { app in
                let sheet = try ImportFile.sheet(from: data)
                print("读取 / read \(sheet.rows.count) rows from \(file) (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
                if !sheet.ignoredHeaders.isEmpty { print("忽略的列 / ignored columns: \(sheet.ignoredHeaders.joined(separator: ", "))") }
                let actor = Actor(userID: nil, username: Actor.commandLine().username, role: .systemAdmin, region: code, address: "local")
                let service = ElderService(app.context(as: actor))
                let bar = ProgressBar(enabled: commit)
                let result = try await ElderImporter(service: service).run(sheet, fileName: (file as NSString).lastPathComponent, commit: commit) {
                    done, total in
                    bar.update("写入 write", done, total)
                }
                print(summary(result, seconds: Date().timeIntervalSince(started)))
                print("  " + result.timings.map { "\($0.step) \(String(format: "%.1f", $0.seconds)) s" }.joined(separator: ", "))
                let message = try TableFiles.message()
                for p in result.problems.prefix(show) { print("  第 \(p.row) 行 row, \(p.column): \(message(p.error))  [\(p.value)]") }
                if result.problems.count > show { print("  … \(result.problems.count - show) more (use --report FILE)") }
                if let report {
                    try TableFiles.write(ImportFile.problemTable(result, message: message), to: report, sheet: "导入问题")
                    print("问题清单 / problem list: \(report)")
                }
                if !commit { print("仅检查，未写入 / checked only, nothing written: add --commit to import") }
            }
        }

        func summary(_ r: ElderImporter.Report, seconds: Double) -> String {
            let verb = r.committed ? "已导入 / imported" : "检查结果 / check"
            return
                "\(verb): 新增 new \(r.new), 更新 updated \(r.updated), 未变 unchanged \(r.unchanged), 拒绝 rejected \(r.rejected), 提示 warnings \(r.warnings.count) — \(r.rows) rows in \(String(format: "%.1f", seconds)) s"
        }
    }
}

extension ImportCommand {
    struct Feed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take another department's records (CSV or XLSX with columns 身份证号, 事件, 日期, 说明) into the register.",
            discussion: """
                Sources and their events: public_security (death, move_out), health (chronic_illness), \
                disability (disability_certificate), civil_affairs (minimum_living_start/end, extreme_poverty_start/end). \
                Matched records raise work items for the person's village; deaths and 民政 decisions apply at once. \
                Unmatched records are kept and listed (GET /api/v1/feeds/unmatched). Sending the same file twice changes nothing.
                """)
        @OptionGroup var db: DatabaseOption
        @Option(help: "public_security, health, disability or civil_affairs.") var source: String
        @Argument(help: "The CSV or XLSX file.") var file: String

        func run() async throws {
            guard let source = FeedSource(rawValue: source) else {
                throw ValidationError("--source must be one of \(FeedSource.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let data = try TableFiles.read(file)
            try await UserCommand.run(db) { app in
                let service = DiscoveryService(app.context(as: .commandLine()))
                let r = try await service.receive(source: source, try FeedFile.inputs(from: data))
                print(
                    "收到 received \(r.received): 匹配 matched \(r.matched), 未匹配 unmatched \(r.unmatched), 重复 duplicates \(r.duplicates), 拒绝 rejected \(r.rejected); 已变更 changes \(r.changesApplied), 待办 work items \(r.workItems)"
                )
                for p in r.problems { print("  第 \(p.record) 条 record: \(UserCommand.describe(p.error))") }
            }
        }
    }
}

struct Discover: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the daily discovery now: work items for people who turned 80, 90 or 100 since the last run.",
        discussion: "The server runs this once a day by itself; running it again the same day raises nothing new.")
    @OptionGroup var db: DatabaseOption
    @Option(help: "Look back from this day (YYYY-MM-DD) instead of the last run.") var since: String?

    func run() async throws {
        var from: CalendarDate?
        if let since {
            guard let day = CalendarDate(since) else { throw ValidationError("--since: not a date (YYYY-MM-DD)") }
            from = day
        }
        try await UserCommand.run(db) { app in
            let service = DiscoveryService(app.context(as: .commandLine()))
            if let from {
                print("新待办 / new work items: \(try await service.discoverMilestones(since: from)) (since \(from))")
            } else {
                let run = try await service.runDaily()
                print("新待办 / new work items: \(run.raised) (since \(run.since))")
            }
        }
    }
}
