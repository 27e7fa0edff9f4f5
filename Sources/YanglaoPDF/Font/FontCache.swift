import Foundation

/// Parsed faces, loaded once per process: a CJK collection is ~16 MB and its `cmap` has tens
/// of thousands of entries, too much to re-read for every report.
final class FontCache: @unchecked Sendable {
    static let shared = FontCache()

    // Guards `faces`; loading happens under the lock so two callers never parse the same file twice.
    private let lock = NSLock()
    private var faces: [String: TrueTypeFont] = [:]

    func face(path: String, faceIndex: Int) throws -> TrueTypeFont {
        let key = "\(URL(fileURLWithPath: path).standardizedFileURL.path)#\(faceIndex)"
        lock.lock()
        defer { lock.unlock() }
        if let face = faces[key] { return face }
        let face: TrueTypeFont
        do {
            face = try TrueTypeFont(path: path, faceIndex: faceIndex)
        } catch PDFError.malformedFont(let reason) {
            throw PDFError.unsupportedFont(path: path, reason: "its tables are damaged (\(reason))")
        }
        faces[key] = face
        return face
    }
}
