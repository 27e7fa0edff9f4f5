import Foundation

/// A TrueType face used to set text in a PDF; glyphs actually used are embedded as a subset.
public struct PDFFont: Sendable {
    let face: TrueTypeFont

    /// Where `system()` looks, after the `YANGLAO_PDF_FONT` environment variable (`path` or `path#faceIndex`).
    public static let defaultPaths = [
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    ]
    public static let environmentVariable = "YANGLAO_PDF_FONT"

    /// The first font found among `YANGLAO_PDF_FONT` and `defaultPaths`. A file that exists but
    /// cannot be used is an error rather than a reason to try the next one.
    public static func system() throws -> PDFFont {
        try system(environment: ProcessInfo.processInfo.environment)
    }

    static func system(environment: [String: String], defaults: [String] = defaultPaths) throws -> PDFFont {
        var candidates = defaults.map { (path: $0, faceIndex: 0) }
        if let configured = environment[environmentVariable], !configured.isEmpty {
            candidates.insert(parseLocation(configured), at: 0)
        }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.path) {
            return try load(path: candidate.path, faceIndex: candidate.faceIndex)
        }
        throw PDFError.noFontFound(tried: candidates.map(\.path))
    }

    /// `path#2` → (path, 2); a `#` not followed by digits stays part of the path.
    static func parseLocation(_ location: String) -> (path: String, faceIndex: Int) {
        if let hash = location.lastIndex(of: "#"), let face = Int(location[location.index(after: hash)...]), face >= 0 {
            return (String(location[..<hash]), face)
        }
        return (location, 0)
    }

    public static func load(path: String, faceIndex: Int = 0) throws -> PDFFont {
        let face = try FontCache.shared.face(path: path, faceIndex: faceIndex)
        guard !face.characterMap.isEmpty else {
            throw PDFError.unsupportedFont(path: path, reason: "it has no Unicode character map ('cmap')")
        }
        return PDFFont(face: face)
    }

    public var path: String { face.path }
    public var faceIndex: Int { face.faceIndex }
    public var postScriptName: String { face.postScriptName }

    /// Width in points of `text` set at `size` points.
    public func width(of text: String, size: Double) -> Double {
        let units = glyphs(for: text).reduce(0) { $0 + face.advance(of: $1.glyph) }
        return Double(units) * size / Double(face.unitsPerEm)
    }

    /// Height above the baseline in points at `size` (from `hhea`).
    public func ascent(size: Double) -> Double { Double(face.ascender) * size / Double(face.unitsPerEm) }

    /// Depth below the baseline in points at `size`, as a positive number.
    public func descent(size: Double) -> Double { Double(-face.descender) * size / Double(face.unitsPerEm) }

    /// `text` broken into lines no wider than `width` points at `size`, the way `PDFFlow` wraps it.
    public func lines(of text: String, size: Double, width: Double) -> [String] {
        LineBreaker.lines(text, font: self, size: size, width: width)
    }

    /// Whether every visible character of `text` has a glyph in this font.
    public func covers(_ text: String) -> Bool {
        glyphs(for: text).allSatisfy { $0.glyph != 0 }
    }

    /// The glyphs that draw `text`, each with the text it stands for. Control characters and
    /// invisible format characters are dropped; a tab counts as a space; missing characters become glyph 0.
    func glyphs(for text: String) -> [(glyph: UInt16, scalar: Unicode.Scalar)] {
        var result: [(glyph: UInt16, scalar: Unicode.Scalar)] = []
        result.reserveCapacity(text.unicodeScalars.count)
        for original in text.unicodeScalars {
            let scalar: Unicode.Scalar = original == "\t" ? " " : original
            guard !Self.isInvisible(scalar) else { continue }
            result.append((face.glyph(for: scalar), scalar))
        }
        return result
    }

    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F..<0xA0: return true  // C0 and C1 controls
        case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064, 0xFEFF: return true  // zero-width and bidi marks
        case 0xFE00...0xFE0F, 0xE0100...0xE01EF: return true  // variation selectors
        default: return false
        }
    }
}
