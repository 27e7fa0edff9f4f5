import Crypto
import Foundation

/// Where the data key comes from: `YANGLAO_DATA_KEY` (64 hex digits or base64 of 32 bytes),
/// else a key file (`YANGLAO_DATA_KEY_FILE`, or beside the SQLite file, or `./yanglao.key`)
/// that is created with mode 0600 on first run. An in-memory database gets a key that
/// lives as long as the process.
public enum DataKeySource {
    public static func load(for location: DatabaseLocation, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (
        key: SymmetricKey, origin: String
    ) {
        if let text = environment["YANGLAO_DATA_KEY"], !text.isEmpty {
            return (try parse(text), "YANGLAO_DATA_KEY")
        }
        guard let path = keyFilePath(for: location, environment: environment) else {
            return (SymmetricKey(size: .bits256), "generated for this process")
        }
        return (try loadOrCreate(path), path)
    }

    /// The key a database location would be opened with, without creating a key file: nil when
    /// neither `YANGLAO_DATA_KEY` nor the key file is there (a restore into a new place), with the
    /// path where the key file was looked for.
    public static func existing(for location: DatabaseLocation, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> (key: SymmetricKey?, origin: String)
    {
        if let text = environment["YANGLAO_DATA_KEY"], !text.isEmpty {
            return (try parse(text), "YANGLAO_DATA_KEY")
        }
        let path = keyFilePath(for: location, environment: environment) ?? "yanglao.key"
        guard FileManager.default.fileExists(atPath: path) else { return (nil, path) }
        return (try loadOrCreate(path), path)
    }

    /// The key file of a location, or nil for an in-memory database (its key lives in the process).
    static func keyFilePath(for location: DatabaseLocation, environment: [String: String]) -> String? {
        if let file = environment["YANGLAO_DATA_KEY_FILE"], !file.isEmpty { return file }
        switch location {
        case .sqliteMemory: return nil
        case .sqliteFile(let file): return file + ".key"
        case .postgres: return "yanglao.key"
        }
    }

    static func parse(_ text: String) throws -> SymmetricKey {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var bytes: [UInt8]?
        if t.count == 64, t.allSatisfy(\.isHexDigit) {
            bytes = stride(from: 0, to: 64, by: 2).map { i in
                let start = t.index(t.startIndex, offsetBy: i)
                return UInt8(t[start..<t.index(start, offsetBy: 2)], radix: 16)!
            }
        } else if let data = Data(base64Encoded: t) {
            bytes = Array(data)
        }
        guard let bytes, bytes.count == 32 else { throw DataProtectionError.badKey("expected 32 bytes as 64 hex digits or base64") }
        return SymmetricKey(data: bytes)
    }

    /// Reads the key file, or creates it (0600, never overwriting) when it does not exist.
    static func loadOrCreate(_ path: String) throws -> SymmetricKey {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) {
            let attributes = try fm.attributesOfItem(atPath: path)
            if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 {
                throw DataProtectionError.keyFile("\(path) is readable by others (mode \(String(mode, radix: 8))); run chmod 600 \(path)")
            }
            guard let text = String(data: try Data(contentsOf: URL(fileURLWithPath: path)), encoding: .utf8) else {
                throw DataProtectionError.keyFile("\(path) is not text")
            }
            return try parse(text)
        }
        let key = SymmetricKey(size: .bits256)
        let hex = key.withUnsafeBytes { Data($0) }.hexString + "\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw DataProtectionError.keyFile("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let written = hex.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, hex.utf8.count) }
        guard written == hex.utf8.count, fsync(fd) == 0 else { throw DataProtectionError.keyFile("cannot write \(path)") }
        return key
    }
}
