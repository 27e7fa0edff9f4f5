import Foundation

/// PostgreSQL's own client programs (`pg_dump`, `pg_restore`, `psql`), given the connection
/// through libpq's environment variables so the password never shows in a process list.
struct PostgresTools {
    let environment: [String: String]
    let database: String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(url: String) throws {
        guard let parts = URLComponents(string: url), let host = parts.host, let user = parts.user, parts.path.count > 1 else {
            throw Failure(description: "not a PostgreSQL URL")
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PGHOST"] = host
        environment["PGPORT"] = String(parts.port ?? 5432)
        environment["PGUSER"] = user.removingPercentEncoding ?? user
        environment["PGPASSWORD"] = parts.password.map { $0.removingPercentEncoding ?? $0 }
        if let mode = parts.queryItems?.first(where: { $0.name == "sslmode" })?.value {
            environment["PGSSLMODE"] = mode
        }
        self.environment = environment
        database = String(parts.path.dropFirst())
    }

    /// `pg_dump` in its custom format (compressed, restorable by `pg_restore`), as one snapshot.
    func dump(to file: String) throws {
        try run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file=\(file)", "--dbname=\(database)"])
    }

    /// The SQL of a custom-format dump, as `pg_restore` writes it.
    func script(of file: String, only table: String? = nil, dataOnly: Bool = false) throws -> Data {
        var arguments = ["--no-owner", "--no-privileges", "--file=-"]
        if let table { arguments.append("--table=\(table)") }
        if dataOnly { arguments.append("--data-only") }
        return try run("pg_restore", arguments + [file])
    }

    /// One answer of `psql` to a query (unaligned, without headers).
    func value(of query: String) throws -> String {
        let out = try run("psql", ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", query, database])
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `prelude` and then a dump's whole script in one transaction of `psql`: it applies
    /// entirely or not at all.
    func apply(prelude: String, dump file: String) throws {
        let psql = try process("psql", ["-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", database])
        let restore = try process("pg_restore", ["--no-owner", "--no-privileges", "--file=-", file])
        let pipe = Pipe()
        psql.standardInput = pipe
        restore.standardOutput = pipe
        let errors = try [ErrorLog(psql), ErrorLog(restore)]
        defer { for log in errors { log.remove() } }
        try psql.run()
        pipe.fileHandleForWriting.write(Data((prelude + "\n").utf8))
        try restore.run()
        try? pipe.fileHandleForWriting.close()
        restore.waitUntilExit()
        psql.waitUntilExit()
        guard restore.terminationStatus == 0, psql.terminationStatus == 0 else {
            throw Failure(description: "restore failed, nothing was changed: " + errors.map(\.text).joined(separator: " "))
        }
    }

    @discardableResult
    private func run(_ program: String, _ arguments: [String]) throws -> Data {
        let task = try process(program, arguments)
        let out = Pipe()
        task.standardOutput = out
        let errors = try ErrorLog(task)
        defer { errors.remove() }
        try task.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        task.waitUntilExit()
        guard task.terminationStatus == 0 else {
            throw Failure(description: "\(program) failed (exit \(task.terminationStatus)): \(errors.text)")
        }
        return data
    }

    /// A program's standard error in a temporary file: read after it ends, it can never fill a
    /// pipe and stop the program while its standard output is being read.
    private struct ErrorLog {
        let url: URL

        init(_ task: Process) throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("yanglao-\(UUID().uuidString).err")
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw Failure(description: "cannot write \(url.path)")
            }
            task.standardError = try FileHandle(forWritingTo: url)
        }

        func remove() { try? FileManager.default.removeItem(at: url) }

        var text: String {
            let data = (try? Data(contentsOf: url)) ?? Data()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    private func process(_ program: String, _ arguments: [String]) throws -> Process {
        guard let path = Self.find(program) else {
            throw Failure(description: "\(program) not found: install the PostgreSQL client (apt install postgresql-client)")
        }
        let task = Process()
        task.executableURL = URL(fileURLWithPath: path)
        task.arguments = arguments
        task.environment = environment
        return task
    }

    /// The program on PATH, else in Debian's versioned folders (newest first).
    static func find(_ program: String) -> String? {
        let fm = FileManager.default
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where fm.isExecutableFile(atPath: "\(dir)/\(program)") {
            return "\(dir)/\(program)"
        }
        let versions = (try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let candidate = "/usr/lib/postgresql/\(version)/bin/\(program)"
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
