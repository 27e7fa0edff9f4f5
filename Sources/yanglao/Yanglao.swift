import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoWeb

@main
enum Entry {
    static func main() async {
        // Swift concurrency runs on the server's event loops, so a handler resumes where its
        // I/O completed instead of hopping to another thread pool after every query.
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        // SQLite runs on the blocking pool, one statement per thread at a time: more threads than
        // cores, so a long write transaction does not hold up the reads queued behind it.
        NIOSingletons.blockingPoolThreadCountSuggestion = max(4, 2 * System.coreCount)
        await Yanglao.main()
    }
}

struct Yanglao: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "yanglao",
        abstract: "Yanglao 养老 — smart elderly-care service platform (智慧养老服务平台).",
        discussion: """
            The database is chosen by --database or YANGLAO_DATABASE_URL:
              sqlite:///abs/path/file.sqlite   (default: sqlite://yanglao.sqlite in the working directory)
              sqlite://:memory:
              postgres://user:pass@host:port/db
            """,
        subcommands: [
            Serve.self, Migrate.self, Setup.self, Demo.self, RegionsCommand.self, UserCommand.self, ImportCommand.self, Discover.self,
            SubsidiesCommand.self, ReportCommand.self, BackupCommand.self, RestoreCommand.self,
        ])
}

struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: "Database URL (default: $YANGLAO_DATABASE_URL or sqlite://yanglao.sqlite).")
    var database: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "notice"
}

/// One Vapor application for a CLI command: configured, migrated, shut down at the end.
enum AppRunner {
    static let loggingOnce: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
    }()

    /// The database the options name, for commands that work on it without an application.
    static func location(_ options: DatabaseOption) throws -> DatabaseLocation {
        do { return try DatabaseLocation.fromEnvironment(options.database) } catch { throw ValidationError("\(error)") }
    }

    static func withApp<T>(_ options: DatabaseOption, _ body: (Application) async throws -> T) async throws -> T {
        _ = loggingOnce
        let config: AppConfig
        do { config = try AppConfig.fromEnvironment(database: options.database) } catch {
            throw ValidationError("\(error)")
        }
        let app = try await Application.make(Environment(name: "production", arguments: ["yanglao"]))
        app.logger.logLevel = Logger.Level(rawValue: options.logLevel) ?? .notice
        do {
            try configure(app, config: config)
            try await migrate(app)
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")
    @OptionGroup var db: DatabaseOption

    func run() async throws {
        try await AppRunner.withApp(db) { app in
            print("数据库已是最新 / database is up to date: \(app.yanglaoConfig.database)")
        }
    }
}

// Vapor's ConsoleKit has its own Option, Flag and Argument; the CLI uses ArgumentParser's.
typealias Option = ArgumentParser.Option
typealias Flag = ArgumentParser.Flag
typealias Argument = ArgumentParser.Argument
