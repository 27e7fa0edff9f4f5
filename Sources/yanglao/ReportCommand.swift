import ArgumentParser
import Foundation
import YanglaoCore
import YanglaoStore
import YanglaoWeb

/// `yanglao report`: the reports the console writes, from the command line.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports: the monthly report (月通报) with its ranking.", subcommands: [Monthly.self])

    struct Monthly: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "monthly",
            abstract: "Write a region's monthly report (月通报): its regions below ranked by the weighted score, as XLSX and PDF.",
            discussion: """
                The figures, weights and ranking are those of the console's report page for the same month \
                and region (the weights in force for the region, published in the report). Example: \
                yanglao report monthly --month 2026-11 --region 410900000000 --xlsx 通报.xlsx --pdf 通报.pdf
                """)

        @OptionGroup var db: DatabaseOption
        @Option(help: "The month, YYYY-MM.") var month: String
        @Option(help: "The city or county whose regions below are ranked.") var region: String
        @Option(help: "Write the workbook here.") var xlsx: String?
        @Option(help: "Write the PDF here.") var pdf: String?
        @Flag(help: "Overwrite files that exist.") var force = false

        func validate() throws {
            guard CalendarMonth(month) != nil else { throw ValidationError("--month: use YYYY-MM, e.g. 2026-11") }
            guard (try? RegionCode(region)) != nil else { throw ValidationError("--region: not a 12-digit region code") }
            guard xlsx != nil || pdf != nil else { throw ValidationError("give --xlsx FILE, --pdf FILE or both") }
            for path in [xlsx, pdf].compactMap({ $0 }) where !force && FileManager.default.fileExists(atPath: path) {
                throw ValidationError("\(path) exists: use --force to overwrite it")
            }
        }

        func run() async throws {
            let month = CalendarMonth(month)!
            let code = try RegionCode(region)
            try await UserCommand.run(db) { app in
                print("正在生成 / writing the report of \(code.value) for \(month) …")
                fflush(nil)
                let files: MonthlyReportExport.Files
                do { files = try await MonthlyReportExport.files(app, actor: .commandLine(), region: code, month: month) } catch let error as AppError
                {
                    let catalogue = try Catalogue.bundled()
                    throw ValidationError(error.problems.map { catalogue.text("error.\($0.code)", .zh, $0.arguments) }.joined(separator: "\n"))
                }
                print(files.title)
                for line in files.ranking { print("  \(line)") }
                if let xlsx {
                    try files.xlsx.write(to: URL(fileURLWithPath: xlsx))
                    print("已写出 / written: \(xlsx)")
                }
                if let pdf {
                    try files.pdf.write(to: URL(fileURLWithPath: pdf))
                    print("已写出 / written: \(pdf)")
                }
            }
        }
    }
}
