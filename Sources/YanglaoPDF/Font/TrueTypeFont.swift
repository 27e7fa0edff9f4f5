import Foundation

/// One parsed face of a TrueType font or TrueType Collection, with everything needed to
/// measure text, map characters to glyphs and cut a subset for embedding.
final class TrueTypeFont: Sendable {
    struct BoundingBox: Sendable, Equatable {
        let xMin: Int, yMin: Int, xMax: Int, yMax: Int
    }

    let path: String
    let faceIndex: Int
    let faceCount: Int
    /// The whole file: glyph outlines are cut from it when subsetting.
    let file: FontBytes
    let directory: TableDirectory

    let unitsPerEm: Int
    let boundingBox: BoundingBox
    let ascender: Int
    let descender: Int
    let numberOfHMetrics: Int
    let glyphCount: Int
    let advanceWidths: [UInt16]
    /// `glyphCount + 1` byte offsets into `glyf`, from `loca`.
    let glyphOffsets: [Int]
    let glyphTable: FontBytes
    let characterMap: [UInt32: UInt16]
    let capHeight: Int
    let italicAngle: Double
    let isFixedPitch: Bool
    let weightClass: Int
    let postScriptName: String

    convenience init(path: String, faceIndex: Int) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw PDFError.fontUnreadable(path: path, reason: error.localizedDescription)
        }
        try self.init(data: data, path: path, faceIndex: faceIndex)
    }

    init(data: Data, path: String, faceIndex: Int) throws {
        let file = FontBytes(data: data)
        guard file.count >= 12 else { throw PDFError.unsupportedFont(path: path, reason: "the file is too short to be a font") }
        let faceOffsets = try TableDirectory.faceOffsets(in: file)
        guard faceOffsets.indices.contains(faceIndex) else {
            throw PDFError.faceIndexOutOfRange(path: path, index: faceIndex, faceCount: faceOffsets.count)
        }
        switch try file.u32(faceOffsets[faceIndex]) {
        case TableDirectory.trueTypeVersion, TableDirectory.appleTrueTypeVersion: break
        case TableDirectory.cffVersion:
            throw PDFError.unsupportedFont(path: path, reason: "it has CFF (PostScript) outlines; a TrueType font with 'glyf' outlines is needed")
        default:
            throw PDFError.unsupportedFont(path: path, reason: "it is not a TrueType font or collection")
        }
        let directory = try TableDirectory(bytes: file, at: faceOffsets[faceIndex])
        guard directory.records["glyf"] != nil, directory.records["loca"] != nil else {
            throw PDFError.unsupportedFont(path: path, reason: "it has no 'glyf' outlines")
        }
        self.path = path
        self.faceIndex = faceIndex
        self.faceCount = faceOffsets.count
        self.file = file
        self.directory = directory

        let head = try directory.requiredTable("head", in: file)
        unitsPerEm = Int(try head.u16(18))
        guard (16...16384).contains(unitsPerEm) else { throw PDFError.malformedFont("unitsPerEm \(unitsPerEm)") }
        boundingBox = BoundingBox(
            xMin: Int(try head.i16(36)), yMin: Int(try head.i16(38)),
            xMax: Int(try head.i16(40)), yMax: Int(try head.i16(42)))
        let longOffsets = try head.i16(50) == 1

        let hhea = try directory.requiredTable("hhea", in: file)
        ascender = Int(try hhea.i16(4))
        descender = Int(try hhea.i16(6))
        numberOfHMetrics = Int(try hhea.u16(34))

        let glyphCount = Int(try directory.requiredTable("maxp", in: file).u16(4))
        self.glyphCount = glyphCount
        guard glyphCount > 0, (1...glyphCount).contains(numberOfHMetrics) else {
            throw PDFError.malformedFont("\(glyphCount) glyphs with \(numberOfHMetrics) horizontal metrics")
        }

        let hmtx = try directory.requiredTable("hmtx", in: file)
        var widths = [UInt16](repeating: 0, count: glyphCount)
        for glyph in 0..<numberOfHMetrics { widths[glyph] = try hmtx.u16(4 * glyph) }
        for glyph in numberOfHMetrics..<glyphCount { widths[glyph] = widths[numberOfHMetrics - 1] }
        advanceWidths = widths

        let loca = try directory.requiredTable("loca", in: file)
        glyphTable = try directory.requiredTable("glyf", in: file)
        glyphOffsets = try (0...glyphCount).map { glyph in
            longOffsets ? Int(try loca.u32(4 * glyph)) : 2 * Int(try loca.u16(2 * glyph))
        }
        let tableLength = glyphTable.count
        for glyph in 0..<glyphCount where glyphOffsets[glyph] > glyphOffsets[glyph + 1] || glyphOffsets[glyph + 1] > tableLength {
            throw PDFError.malformedFont("'loca' entry for glyph \(glyph) is out of order or past 'glyf'")
        }

        // Subsets made for embedding have no 'cmap'; `PDFFont.load` insists on one.
        let characterMap = (try directory.table("cmap", in: file).map(CharacterMap.parse) ?? [:])
            .filter { Int($0.value) < glyphCount }
        self.characterMap = characterMap

        let os2 = try directory.table("OS/2", in: file)
        if let os2, try os2.u16(0) >= 2, os2.count >= 90, try os2.i16(88) > 0 {
            capHeight = Int(try os2.i16(88))
        } else if let letterH = characterMap[0x48].map(Int.init), glyphOffsets[letterH + 1] - glyphOffsets[letterH] >= 10 {
            // Older OS/2 tables have no cap height: take the top of "H" (yMax in its glyph header).
            capHeight = Int(try glyphTable.i16(glyphOffsets[letterH] + 8))
        } else {
            capHeight = ascender
        }
        weightClass = try os2.map { Int(try $0.u16(4)) } ?? 400

        if let post = try directory.table("post", in: file), post.count >= 16 {
            italicAngle = try post.fixed(4)
            isFixedPitch = try post.u32(12) != 0
        } else {
            italicAngle = 0
            isFixedPitch = false
        }
        postScriptName =
            try FontNames.postScriptName(directory.table("name", in: file))
            ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    /// The glyph for a character; 0 (`.notdef`) when the font lacks it.
    func glyph(for scalar: Unicode.Scalar) -> UInt16 {
        characterMap[scalar.value] ?? 0
    }

    func advance(of glyph: UInt16) -> Int {
        Int(glyph) < glyphCount ? Int(advanceWidths[Int(glyph)]) : 0
    }

    /// The outline bytes of one glyph (empty for glyphs without contours, such as the space).
    func outline(of glyph: UInt16) throws -> Data {
        let index = Int(glyph)
        guard index < glyphCount else { return Data() }
        return try glyphTable.slice(glyphOffsets[index], glyphOffsets[index + 1] - glyphOffsets[index])
    }
}
