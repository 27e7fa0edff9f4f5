import ArgumentParser
import Foundation
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoWeb

struct SubsidiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subsidies", abstract: "Monthly subsidy runs (高龄津贴, 养老服务补贴, 护理补贴, 服务券).",
        subcommands: [Run.self, Configure.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Compute a month's payments for a region, with an explanation for each.",
            discussion: """
                Running a month again changes nothing unless the facts changed (then exactly the \
                changes are listed); the differences from the previous month are listed too. An \
                approved month is locked. Approval is the county's, in the console.
                """)

        @OptionGroup var db: DatabaseOption
        @Option(help: "The month, YYYY-MM.") var month: String
        @Option(help: "The city, county or township (default: the demo city 410900000000).") var region: String = "410900000000"
        @Option(help: "How many changes to print.") var show = 20

        func run() async throws {
            guard let month = CalendarMonth(month) else { throw ValidationError("--month: use YYYY-MM, e.g. 2026-11") }
            let code: RegionCode
            do { code = try RegionCode(region) } catch { throw ValidationError("--region: not a 12-digit region code") }
            try await UserCommand.run(db) { app in
                let service = SubsidyRunService(app.context(as: .commandLine()))
                let started = Date()
                do {
                    let report = try await service.run(month, in: code) { step in
                        print(String(format: "… %5.1f s  ", Date().timeIntervalSince(started)) + step)
                        fflush(nil)
                    }
                    let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
                    let run = report.run
                    print(
                        "\(month) \(code.value): \(report.people) 人 people, \(run.lineCount) 笔 payments, 合计 total \(ServiceStandard.yuanText(run.totalFen)) 元 (\(seconds) s)"
                    )
                    print(
                        report.changed
                            ? "第 \(run.computations) 次计算 / computation \(run.computations)" : "与上次计算相同，未作改动 / unchanged since the last computation")
                    for (title, changes) in [
                        ("与上次计算相比 / since the last computation", report.recomputation), ("与上月相比 / against the previous month", report.previousMonth),
                    ] where !changes.isEmpty {
                        print("\(title): \(changes.count)")
                        for c in changes.prefix(show) {
                            print(
                                "  \(c.kind.rawValue) \(c.scheme) \(c.subjectKey.prefix(8)) \(c.beforeFen.map { ServiceStandard.yuanText($0) } ?? "—") → \(c.afterFen.map { ServiceStandard.yuanText($0) } ?? "—")  \(c.reason)"
                            )
                        }
                    }
                } catch let error as AppError {
                    let catalogue = try Catalogue.bundled()
                    throw ValidationError(error.problems.map { catalogue.text("error.\($0.code)", .zh, $0.arguments) }.joined(separator: "\n"))
                }
            }
        }
    }

    struct Configure: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "configure",
            abstract: "Set a region's subsidy schemes from a JSON file, or the labelled example schemes.")

        @OptionGroup var db: DatabaseOption
        @Option(help: "The province, city or county.") var region: String = "410900000000"
        @Option(help: "A JSON array of schemes.") var file: String?
        @Flag(help: "Use the example schemes (example amounts, clearly labelled).") var example = false

        func run() async throws {
            let code: RegionCode
            do { code = try RegionCode(region) } catch { throw ValidationError("--region: not a 12-digit region code") }
            let schemes: [SubsidyScheme]
            if example {
                schemes = ExampleSubsidySchemes.person
            } else if let file, let data = FileManager.default.contents(atPath: file) {
                do { schemes = try JSONDecoder().decode([SubsidyScheme].self, from: data) } catch { throw ValidationError("\(file): \(error)") }
            } else {
                throw ValidationError("give --file FILE.json or --example")
            }
            try await UserCommand.run(db) { app in
                try await SubsidyConfiguration(app.context(as: .commandLine()))
                    .configure(code, schemes: schemes, note: example ? ExampleSubsidySchemes.label : "")
                print("已配置 / configured \(schemes.count) schemes for \(code.value): \(schemes.map(\.name).joined(separator: "、"))")
            }
        }
    }
}
