import Foundation
import Testing

@testable import YanglaoPDF

enum TestSupport {
    static let zenHeiPath = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

    /// WenQuanYi Zen Hei, which this machine has; a missing font fails the test rather than skipping it.
    static func zenHei() throws -> PDFFont {
        try #require(FileManager.default.fileExists(atPath: zenHeiPath), "font \(zenHeiPath) is missing: install fonts-wqy-zenhei")
        return try PDFFont.load(path: zenHeiPath)
    }

    struct ToolResult {
        let status: Int32
        let output: String
        let errors: String
    }

    /// Runs a poppler tool; a missing tool fails the test.
    static func run(_ tool: String, _ arguments: [String]) throws -> ToolResult {
        try #require(FileManager.default.isExecutableFile(atPath: tool), "\(tool) is missing: install poppler-utils")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read before waiting, so a full pipe cannot block the tool.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolResult(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self))
    }

    /// A poppler "Name:   value" field, trimmed.
    static func field(_ name: String, in output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix(name + ":") }
            .map { $0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces) }
    }
}

/// A fresh directory under the temporary directory; `remove()` it when done.
struct ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("yanglao-pdf-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `data` to `name` in the directory and returns its path.
    func write(_ data: Data, to name: String) throws -> String {
        try data.write(to: url.appendingPathComponent(name))
        return path(name)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
