import Foundation

/// Writes a font as Type0 / CIDFontType2 with Identity-H encoding, an embedded TrueType subset
/// (CIDToGIDMap /Identity: the codes in the content streams are glyph ids) and a ToUnicode CMap.
enum FontEmbedding {
    /// The five object ids used, starting at `firstID`: Type0 font, CIDFont, descriptor, font file, ToUnicode.
    static let objectCount = 5

    /// `text` maps each used glyph to the characters it draws; glyph 0 may be among the keys.
    static func write(_ font: PDFFont, text: [UInt16: String], firstID: Int, into writer: inout PDFObjectWriter) {
        let face = font.face
        let (type0, cidFont, descriptor, fontFile, toUnicode) = (firstID, firstID + 1, firstID + 2, firstID + 3, firstID + 4)
        let glyphs = text.keys.sorted()
        let baseFont = "\(subsetTag(glyphs))+\(face.postScriptName)"
        let scale = 1000 / Double(face.unitsPerEm)
        func scaled(_ value: Int) -> String { PDFSyntax.number((Double(value) * scale).rounded()) }

        writer.object(
            type0,
            """
            << /Type /Font /Subtype /Type0 /BaseFont /\(baseFont) /Encoding /Identity-H \
            /DescendantFonts [\(cidFont) 0 R] /ToUnicode \(toUnicode) 0 R >>
            """)
        writer.object(
            cidFont,
            """
            << /Type /Font /Subtype /CIDFontType2 /BaseFont /\(baseFont) \
            /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
            /FontDescriptor \(descriptor) 0 R /CIDToGIDMap /Identity /DW 1000 /W \(widths(glyphs, face: face, scale: scale)) >>
            """)

        // If the subset cannot be cut the document still renders, with a substituted font.
        let subset = try? TrueTypeSubsetter.subset(of: face, keeping: Set(glyphs))
        let box = face.boundingBox
        let symbolic = 4
        let fixedPitch = face.isFixedPitch ? 1 : 0
        // The usual estimate of the vertical stem width from the weight class (400 → 87).
        let weightRatio = Double(face.weightClass) / 65
        let stemV = 50 + Int(weightRatio * weightRatio)
        writer.object(
            descriptor,
            """
            << /Type /FontDescriptor /FontName /\(baseFont) /Flags \(symbolic | fixedPitch) \
            /FontBBox [\(scaled(box.xMin)) \(scaled(box.yMin)) \(scaled(box.xMax)) \(scaled(box.yMax))] \
            /ItalicAngle \(PDFSyntax.number(face.italicAngle)) /Ascent \(scaled(face.ascender)) /Descent \(scaled(face.descender)) \
            /CapHeight \(scaled(face.capHeight)) /StemV \(stemV)\(subset == nil ? "" : " /FontFile2 \(fontFile) 0 R") >>
            """)
        if let subset {
            writer.stream(fontFile, entries: "/Length1 \(subset.count)", data: subset)
        }
        let mapping = text.filter { $0.key != 0 && !$0.value.isEmpty }
        writer.stream(toUnicode, data: Data(ToUnicodeCMap.make(mapping).utf8))
    }

    /// `[first [w w w] first [w]]`, one run per stretch of consecutive glyph ids.
    static func widths(_ glyphs: [UInt16], face: TrueTypeFont, scale: Double) -> String {
        var runs: [String] = []
        var index = 0
        while index < glyphs.count {
            var end = index
            while end + 1 < glyphs.count && glyphs[end + 1] == glyphs[end] + 1 { end += 1 }
            let values = glyphs[index...end].map { PDFSyntax.number((Double(face.advance(of: $0)) * scale).rounded()) }
            runs.append("\(glyphs[index]) [\(values.joined(separator: " "))]")
            index = end + 1
        }
        return "[" + runs.joined(separator: " ") + "]"
    }

    /// Six capital letters derived from the glyph set, so different subsets get different names.
    static func subsetTag(_ glyphs: [UInt16]) -> String {
        var hash = PDFSyntax.fingerprint(glyphs.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        var letters = ""
        for _ in 0..<6 {
            letters.append(Character(Unicode.Scalar(UInt8(65 + hash % 26))))
            hash /= 26
        }
        return letters
    }
}
