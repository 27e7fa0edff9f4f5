import Foundation

/// Cuts a standalone TrueType file out of a face that keeps every glyph id unchanged (so a PDF
/// can use CIDToGIDMap /Identity) but holds outlines only for the glyphs asked for, glyph 0 and
/// the components of composite glyphs. Glyph ids above the highest kept one are dropped.
enum TrueTypeSubsetter {
    static func subset(of font: TrueTypeFont, keeping requested: Set<UInt16>) throws -> Data {
        let kept = try closure(of: requested, in: font)
        let newGlyphCount = Int(kept.max() ?? 0) + 1

        var glyf = FontDataBuilder()
        var offsets: [Int] = []
        offsets.reserveCapacity(newGlyphCount + 1)
        for glyph in 0..<newGlyphCount {
            offsets.append(glyf.data.count)
            if kept.contains(UInt16(glyph)) {
                glyf.append(try font.outline(of: UInt16(glyph)))
                glyf.padToFourBytes()
            }
        }
        offsets.append(glyf.data.count)

        // Every offset is a multiple of four, so the short format (offset / 2) works while it fits 16 bits.
        let shortLoca = offsets.last! / 2 <= Int(UInt16.max)
        var loca = FontDataBuilder()
        for offset in offsets {
            if shortLoca { loca.u16(UInt16(offset / 2)) } else { loca.u32(UInt32(offset)) }
        }

        let tables = font.directory
        let file = font.file
        var head = Data(try tables.requiredTable("head", in: file).data)
        head.setU32(0, at: 8)  // checkSumAdjustment, filled in by SFNTWriter
        head.setU16(shortLoca ? 0 : 1, at: 50)

        let hmtx = try horizontalMetrics(of: font, kept: kept, glyphCount: newGlyphCount)
        var hhea = Data(try tables.requiredTable("hhea", in: file).data)
        hhea.setU16(UInt16(hmtx.longMetricCount), at: 34)

        var maxp = Data(try tables.requiredTable("maxp", in: file).data)
        maxp.setU16(UInt16(newGlyphCount), at: 4)

        var output: [String: Data] = [
            "head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx.table, "loca": loca.data, "glyf": glyf.data,
        ]
        // Hinting programs and the OS/2 metrics are small and glyph-independent; copy them as they are.
        for tag in ["cvt ", "fpgm", "prep", "OS/2"] {
            if let table = try tables.table(tag, in: file) { output[tag] = Data(table.data) }
        }
        // A version 3 'post' keeps italic angle and underline metrics without the glyph names.
        if let post = try tables.table("post", in: file), post.count >= 32 {
            var header = Data(try post.slice(0, 32))
            header.setU32(0x0003_0000, at: 0)
            output["post"] = header
        }
        return SFNTWriter.file(tables: output)
    }

    /// An `hmtx` with the true advance and side bearing of every kept glyph. Glyphs from
    /// `longMetricCount` on share the last long metric's advance and store only a side bearing, so
    /// the run of same-width glyphs at the top (CJK ideographs and full-width punctuation) costs
    /// two bytes each instead of four; unused glyphs have no outline, so their metrics are free to choose.
    static func horizontalMetrics(of font: TrueTypeFont, kept: Set<UInt16>, glyphCount: Int) throws
        -> (longMetricCount: Int, table: Data)
    {
        let original = try font.directory.requiredTable("hmtx", in: font.file)
        func sideBearing(_ glyph: Int) throws -> UInt16 {
            guard kept.contains(UInt16(glyph)) else { return 0 }
            let longCount = font.numberOfHMetrics
            let offset = glyph < longCount ? 4 * glyph + 2 : 4 * longCount + 2 * (glyph - longCount)
            return offset + 2 <= original.count ? try original.u16(offset) : 0
        }
        let trailingAdvance = font.advance(of: UInt16(glyphCount - 1))
        // One past the last kept glyph of another width; that entry carries the shared advance.
        let longMetricCount = kept.filter { font.advance(of: $0) != trailingAdvance }.max().map { Int($0) + 2 } ?? 1
        var table = FontDataBuilder()
        for glyph in 0..<longMetricCount {
            let advance = kept.contains(UInt16(glyph)) ? font.advance(of: UInt16(glyph)) : glyph == longMetricCount - 1 ? trailingAdvance : 0
            table.u16(UInt16(advance))
            table.u16(try sideBearing(glyph))
        }
        for glyph in longMetricCount..<glyphCount {
            table.u16(try sideBearing(glyph))
        }
        return (longMetricCount, table.data)
    }

    /// The requested glyphs plus glyph 0 and all composite components, recursively.
    static func closure(of requested: Set<UInt16>, in font: TrueTypeFont) throws -> Set<UInt16> {
        var kept: Set<UInt16> = []
        var pending = [0] + requested.filter { Int($0) < font.glyphCount }
        while let glyph = pending.popLast() {
            guard kept.insert(glyph).inserted else { continue }
            for component in components(ofOutline: try font.outline(of: glyph))
            where Int(component) < font.glyphCount && !kept.contains(component) {
                pending.append(component)
            }
        }
        return kept
    }

    private enum CompositeFlag {
        static let argumentsAreWords: UInt16 = 0x0001
        static let haveScale: UInt16 = 0x0008
        static let moreComponents: UInt16 = 0x0020
        static let haveXAndYScale: UInt16 = 0x0040
        static let haveTwoByTwo: UInt16 = 0x0080
    }

    /// The glyph ids a composite glyph refers to; empty for simple or empty glyphs. A record cut
    /// short ends the list rather than failing the whole document.
    static func components(ofOutline outline: Data) -> [UInt16] {
        let bytes = FontBytes(data: outline)
        guard let contours = try? bytes.i16(0), contours < 0 else { return [] }
        var components: [UInt16] = []
        var position = 10
        while true {
            guard let flags = try? bytes.u16(position), let glyph = try? bytes.u16(position + 2) else { return components }
            components.append(glyph)
            position += 4
            position += flags & CompositeFlag.argumentsAreWords != 0 ? 4 : 2
            if flags & CompositeFlag.haveScale != 0 {
                position += 2
            } else if flags & CompositeFlag.haveXAndYScale != 0 {
                position += 4
            } else if flags & CompositeFlag.haveTwoByTwo != 0 {
                position += 8
            }
            guard flags & CompositeFlag.moreComponents != 0 else { return components }
        }
    }
}

extension Data {
    /// Overwrites a big-endian value; offsets are from `startIndex`.
    mutating func setU16(_ value: UInt16, at offset: Int) {
        let base = startIndex + offset
        self[base] = UInt8(value >> 8)
        self[base + 1] = UInt8(value & 0xFF)
    }

    mutating func setU32(_ value: UInt32, at offset: Int) {
        setU16(UInt16(value >> 16), at: offset)
        setU16(UInt16(value & 0xFFFF), at: offset + 2)
    }
}
