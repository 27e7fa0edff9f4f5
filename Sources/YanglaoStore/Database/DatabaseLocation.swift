import Foundation

/// 数据库位置: where the platform keeps its data, parsed from `--database` or
/// `YANGLAO_DATABASE_URL`: `sqlite:///abs/path.sqlite`, `sqlite://relative.sqlite`,
/// `sqlite://:memory:`, or `postgres://user:pass@host:port/db`.
public enum DatabaseLocation: Equatable, Sendable, CustomStringConvertible {
    case sqliteFile(path: String)
    case sqliteMemory
    case postgres(url: String)

    public static let defaultURL = "sqlite://yanglao.sqlite"
    public static let environmentKey = "YANGLAO_DATABASE_URL"

    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public init(url: String) throws {
        if url == "sqlite://:memory:" || url == "sqlite::memory:" {
            self = .sqliteMemory
        } else if url.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw Invalid(description: "sqlite URL needs a file path: sqlite:///path/to/file.sqlite") }
            self = .sqliteFile(path: path)
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            guard let comps = URLComponents(string: url), comps.host?.isEmpty == false, comps.user != nil,
                comps.path.count > 1
            else {
                throw Invalid(description: "PostgreSQL URL must look like postgres://user:password@host:port/database")
            }
            self = .postgres(url: url)
        } else {
            throw Invalid(
                description:
                    "unsupported database URL '\(url)': use sqlite:///path/file.sqlite, sqlite://:memory: or postgres://user:pass@host:port/db")
        }
    }

    /// The location from the environment, or the default file in the working directory.
    public static func fromEnvironment(_ explicit: String? = nil) throws -> DatabaseLocation {
        try DatabaseLocation(url: explicit ?? ProcessInfo.processInfo.environment[environmentKey] ?? defaultURL)
    }

    public var isSQLite: Bool {
        if case .postgres = self { return false }
        return true
    }

    /// Safe to print: a PostgreSQL password is hidden.
    public var description: String {
        switch self {
        case .sqliteFile(let path): return "sqlite://\(path)"
        case .sqliteMemory: return "sqlite://:memory:"
        case .postgres(let url):
            guard var comps = URLComponents(string: url) else { return "postgres://…" }
            if comps.password != nil { comps.password = "***" }
            return comps.string ?? "postgres://…"
        }
    }
}
