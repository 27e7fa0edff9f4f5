/// Reads the `cmap` table into a Unicode scalar → glyph id dictionary.
enum CharacterMap {
    /// Picks the best Unicode subtable: full repertoire (3/10, 0/4, 0/6) first, then BMP (3/1), then any other Unicode one.
    static func parse(_ table: FontBytes) throws -> [UInt32: UInt16] {
        let subtableCount = Int(try table.u16(2))
        var candidates: [(rank: Int, offset: Int)] = []
        for index in 0..<subtableCount {
            let record = 4 + 8 * index
            let platform = try table.u16(record)
            let encoding = try table.u16(record + 2)
            let offset = Int(try table.u32(record + 4))
            let format = try table.u16(offset)
            guard format == 4 || format == 12 else { continue }
            switch (platform, encoding) {
            case (3, 10), (0, 4), (0, 6): candidates.append((0, offset))
            case (3, 1): candidates.append((1, offset))
            case (0, _): candidates.append((2, offset))
            default: continue
            }
        }
        guard let best = candidates.min(by: { $0.rank < $1.rank }) else {
            throw PDFError.malformedFont("no Unicode 'cmap' subtable in format 4 or 12")
        }
        return try table.u16(best.offset) == 12
            ? parseFormat12(table, at: best.offset)
            : parseFormat4(table, at: best.offset)
    }

    static func parseFormat4(_ table: FontBytes, at start: Int) throws -> [UInt32: UInt16] {
        let segmentCount = Int(try table.u16(start + 6)) / 2
        let endCodes = start + 14
        let startCodes = endCodes + 2 * segmentCount + 2
        let deltas = startCodes + 2 * segmentCount
        let rangeOffsets = deltas + 2 * segmentCount
        var map: [UInt32: UInt16] = [:]
        for segment in 0..<segmentCount {
            let first = try table.u16(startCodes + 2 * segment)
            let last = try table.u16(endCodes + 2 * segment)
            let delta = try table.u16(deltas + 2 * segment)
            let rangeOffsetPosition = rangeOffsets + 2 * segment
            let rangeOffset = Int(try table.u16(rangeOffsetPosition))
            guard first <= last, first != 0xFFFF else { continue }
            for code in first...last where code != 0xFFFF {
                var glyph: UInt16
                if rangeOffset == 0 {
                    glyph = code &+ delta
                } else {
                    // idRangeOffset is relative to its own position in the table.
                    glyph = try table.u16(rangeOffsetPosition + rangeOffset + 2 * Int(code - first))
                    if glyph != 0 { glyph = glyph &+ delta }
                }
                if glyph != 0 { map[UInt32(code)] = glyph }
            }
        }
        return map
    }

    static func parseFormat12(_ table: FontBytes, at start: Int) throws -> [UInt32: UInt16] {
        let groupCount = Int(try table.u32(start + 12))
        var map: [UInt32: UInt16] = [:]
        for group in 0..<groupCount {
            let entry = start + 16 + 12 * group
            let first = try table.u32(entry)
            let last = min(try table.u32(entry + 4), 0x10FFFF)
            let firstGlyph = try table.u32(entry + 8)
            guard first <= last else { continue }
            for code in first...last {
                let glyph = firstGlyph + (code - first)
                guard glyph != 0, glyph <= UInt32(UInt16.max) else { continue }
                map[code] = UInt16(glyph)
            }
        }
        return map
    }
}
