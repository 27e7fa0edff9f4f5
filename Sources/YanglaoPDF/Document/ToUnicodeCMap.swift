/// The ToUnicode CMap that lets viewers copy and search text: glyph id → the Unicode text it draws.
enum ToUnicodeCMap {
    static func make(_ mapping: [UInt16: String]) -> String {
        var lines = [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<0000> <FFFF>",
            "endcodespacerange",
        ]
        let entries = mapping.sorted { $0.key < $1.key }
        // A bfchar block may hold at most 100 entries.
        var start = 0
        while start < entries.count {
            let block = entries[start..<min(start + 100, entries.count)]
            lines.append("\(block.count) beginbfchar")
            for (glyph, text) in block {
                lines.append("<\(PDFSyntax.hex(glyph))> <\(text.utf16.map(PDFSyntax.hex).joined())>")
            }
            lines.append("endbfchar")
            start += 100
        }
        lines += [
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
        return lines.joined(separator: "\n")
    }
}
