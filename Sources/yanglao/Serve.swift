import ArgumentParser
import Foundation
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the platform (migrates first).",
        discussion: "With --demo, an empty database first gets a demo city and the logins are printed.")

    @OptionGroup var db: DatabaseOption
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Create the demo city first if the database is empty.") var demo = false
    @Option(help: "Demo size when --demo builds one: tiny, small or city.") var demoSize: String = "small"
    @Option(help: "Password of the demo accounts (default: a random one, printed).") var adminPassword: String?

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        guard DemoSize(rawValue: demoSize) != nil else { throw ValidationError("--demo-size must be tiny, small or city") }
    }

    func run() async throws {
        try await AppRunner.withApp(db) { app in
            if demo {
                if try await DemoCityBuilder.isEmpty(app.db) {
                    let password = adminPassword ?? Passwords.generate()
                    try await DemoCommand.build(app: app, size: DemoSize(rawValue: demoSize)!, seed: 1, password: password)
                    DemoCommand.printLogins(password: password, url: "http://\(host):\(port)/")
                } else {
                    print("数据库中已有数据，未重新生成示范城市 / the database already has data; demo city not rebuilt.")
                }
            }
            try await startServing(app)
            app.http.server.configuration.hostname = host
            app.http.server.configuration.port = port
            print("养老服务平台已启动 / Yanglao is serving at http://\(host):\(port)/  (database: \(app.yanglaoConfig.database))")
            fflush(nil)  // the logins must show even when standard output is a file or a pipe
            try await app.execute()
        }
    }
}
