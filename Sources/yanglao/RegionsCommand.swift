import ArgumentParser
import Foundation
import YanglaoCore
import YanglaoStore
import YanglaoWeb

struct RegionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regions", abstract: "The region tree: import the statistical division codes and population figures.",
        subcommands: [Import.self, Population.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a file of division codes (统计用区划代码) into the region tree, from CSV (UTF-8 or GB18030) or XLSX.",
            discussion: """
                Columns: 代码/code and 名称/name, optional 上级代码/parent and 城乡分类代码/urban_rural. Codes may be \
                written in full (12 digits) or by their significant digits (2, 4, 6 or 9). A row's parent must be \
                in the platform or in the file. Without --commit the file is only checked: what it adds, renames \
                and no longer lists, and every problem. With --commit a file without problems is written in one \
                transaction; a file with any problem writes nothing. Importing the same file again changes nothing. \
                A region the file no longer lists is kept: retire it with its successor.
                """)

        @OptionGroup var db: DatabaseOption
        @Argument(help: "The CSV or XLSX file.") var file: String
        @Flag(help: "Write the file (default: check only).") var commit = false
        @Option(help: "Also write the problem list to this file (.csv or .xlsx).") var report: String?
        @Option(help: "How many lines of each list to print.") var show = 20

        func run() async throws {
            let data = try TableFiles.read(file)
            try await UserCommand.run(db) { app in
                let table = try ImportFile.table(from: data)
                let result = try await RegionImporter(app.context(as: .commandLine())).run(table, commit: commit)
                let message = try TableFiles.message()
                let nothingNew = result.added.isEmpty && result.changed.isEmpty && result.retired.isEmpty && result.problems.isEmpty
                let verb = result.committed ? "已导入 / imported" : nothingNew ? "无变化 / nothing to change" : "检查结果 / check"
                print(
                    "\(verb): \(result.rows) rows — 新增 added \(result.added.count), 更名或变更 changed \(result.changed.count), 撤并 retired \(result.retired.count), 未变 unchanged \(result.unchanged), 不再列出 no longer listed \(result.unlisted.count), 问题 problems \(result.problems.count)"
                )
                for a in result.added.prefix(show) { print("  + \(a.code) \(a.name)") }
                for c in result.changed.prefix(show) { print("  ~ \(c.code) \(c.was ?? "") → \(c.name)") }
                for r in result.retired.prefix(show) { print("  - \(r.code) 并入 merged into \(r.successor)") }
                for u in result.unlisted.prefix(show) { print("  ? \(u.id ?? "") \(u.name) (不再列出 / no longer listed)") }
                for p in result.problems.prefix(show) {
                    print("  第 \(p.line) 行 row, \(p.column): \(message(p.error))")
                }
                if let report {
                    let rows = result.problems.map { p in
                        [String(p.line), p.column, message(p.error), p.value, p.code]
                    }
                    try TableFiles.write([["行号 row", "列 column", "问题 problem", "原值 value", "代码 code"]] + rows, to: report, sheet: "区划导入问题")
                    print("问题清单 / problem list: \(report)")
                }
                if !result.problems.isEmpty {
                    print("文件有问题，未写入 / the file has problems, nothing written")
                    throw ExitCode(2)
                }
                if !commit && !nothingNew { print("仅检查，未写入 / checked only, nothing written: add --commit to import") }
            }
        }
    }

    struct Population: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import population figures per region and year (常住人口, 60/65/80 岁及以上) from CSV or XLSX.",
            discussion: """
                Columns: 区划代码/code, 年份/year, 常住人口/residents, 60岁及以上/aged60, optional \
                65岁及以上/aged65, 80岁及以上/aged80 and 来源/source (or --source for every row). Every row is \
                checked (each age group within the one above it); a file with any problem writes nothing. \
                A region's figures for a year replace those it had for that year.
                """)

        @OptionGroup var db: DatabaseOption
        @Argument(help: "The CSV or XLSX file.") var file: String
        @Option(help: "The source of rows that name none (e.g. 第七次全国人口普查).") var source: String?
        @Flag(help: "Write the file (default: check only).") var commit = false

        func run() async throws {
            let data = try TableFiles.read(file)
            try await UserCommand.run(db) { app in
                let table = try ImportFile.table(from: data)
                let result = try await PopulationService(app.context(as: .commandLine())).run(table, source: source, commit: commit)
                let message = try TableFiles.message()
                for p in result.problems.prefix(20) { print("  第 \(p.line) 行 row, \(p.column): \(message(p.error))") }
                if !result.problems.isEmpty {
                    print("文件有 \(result.problems.count) 个问题，未写入 / the file has problems, nothing written")
                    throw ExitCode(2)
                }
                print(
                    result.committed
                        ? "已导入 / imported: \(result.written) rows" : "检查通过 / checked: \(result.rows) rows — add --commit to import")
            }
        }
    }
}
