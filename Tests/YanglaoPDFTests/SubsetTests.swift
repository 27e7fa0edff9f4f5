import Foundation
import Testing

@testable import YanglaoPDF

@Suite struct SubsetTests {
    @Test func aSubsetParsesBackWithOnlyTheUsedOutlines() throws {
        let face = try TestSupport.zenHei().face
        let used = Set("养老能力评估A1".unicodeScalars.map { face.glyph(for: $0) })
        let subset = try TrueTypeSubsetter.subset(of: face, keeping: used)

        let reparsed = try TrueTypeFont(data: subset, path: "subset", faceIndex: 0)
        #expect(reparsed.unitsPerEm == face.unitsPerEm)
        #expect(reparsed.glyphCount == Int(used.max()!) + 1)
        for glyph in used.union([0]) {
            #expect(try reparsed.outline(of: glyph) == (try face.outline(of: glyph)).paddedToFourBytes, "glyph \(glyph)")
            #expect(reparsed.advance(of: glyph) == face.advance(of: glyph))
        }
        let unusedWithOutlines = try (0..<UInt16(reparsed.glyphCount)).filter { glyph in
            let outline = try reparsed.outline(of: glyph)
            return !used.contains(glyph) && glyph != 0 && !outline.isEmpty
        }
        #expect(unusedWithOutlines.isEmpty, "unused glyphs with outlines: \(unusedWithOutlines.prefix(10))")
        #expect(subset.count < 300_000, "subset is \(subset.count) bytes")
        #expect(subset.count * 20 < face.file.count)
    }

    @Test func tableDirectoryAndChecksumsAreConsistent() throws {
        let face = try TestSupport.zenHei().face
        let subset = try TrueTypeSubsetter.subset(of: face, keeping: [face.glyph(for: "养")])
        let bytes = FontBytes(data: subset)
        let tableCount = Int(try bytes.u16(4))
        let searchRange = Int(try bytes.u16(6))
        #expect(searchRange <= tableCount * 16 && searchRange * 2 > tableCount * 16)
        #expect(Int(try bytes.u16(10)) == tableCount * 16 - searchRange)
        var tags: [String] = []
        for index in 0..<tableCount {
            let entry = 12 + 16 * index
            let tag = try bytes.tag(entry)
            let offset = Int(try bytes.u32(entry + 8))
            let length = Int(try bytes.u32(entry + 12))
            #expect(offset % 4 == 0)
            var table = try bytes.slice(offset, length)
            if tag == "head" { table.setU32(0, at: 8) }
            #expect(SFNTWriter.checksum(table) == (try bytes.u32(entry + 4)), "checksum of \(tag)")
            tags.append(tag)
        }
        #expect(tags == tags.sorted())
        #expect(Set(["head", "hhea", "maxp", "hmtx", "loca", "glyf"]).isSubset(of: tags))
        #expect(SFNTWriter.checksum(subset) == 0xB1B0_AFBA, "whole-file checksum")
    }

    @Test func compositeComponentsAreKeptRecursively() throws {
        // Glyph 5 is made of glyph 4, which is made of glyphs 1 and 2; glyph 3 is unused.
        let simple = Self.simpleGlyph()
        let outlines = [simple, simple, simple, simple, Self.compositeGlyph([1, 2]), Self.compositeGlyph([4])]
        let font = try TrueTypeFont(data: Self.miniFont(outlines: outlines), path: "mini", faceIndex: 0)
        #expect(try TrueTypeSubsetter.closure(of: [5], in: font) == [0, 1, 2, 4, 5])

        let subset = try TrueTypeFont(data: try TrueTypeSubsetter.subset(of: font, keeping: [5]), path: "subset", faceIndex: 0)
        #expect(subset.glyphCount == 6)
        #expect(try subset.outline(of: 3).isEmpty)
        for glyph: UInt16 in [0, 1, 2, 4, 5] {
            #expect(try subset.outline(of: glyph) == font.outline(of: glyph), "glyph \(glyph)")
        }
    }

    @Test func compositeGlyphComponentsAreFollowed() throws {
        // A composite glyph with two components: one with word arguments and a scale, one with byte arguments.
        var outline = FontDataBuilder()
        outline.i16(-1)
        for _ in 0..<4 { outline.i16(0) }
        outline.u16(0x0001 | 0x0008 | 0x0020)  // words, scale, more components
        outline.u16(7)
        outline.i16(10)
        outline.i16(20)
        outline.u16(0x4000)
        outline.u16(0x0080)  // two by two, last component
        outline.u16(9)
        outline.u8(1)
        outline.u8(2)
        for _ in 0..<4 { outline.u16(0x4000) }
        #expect(TrueTypeSubsetter.components(ofOutline: outline.data) == [7, 9])

        var simple = FontDataBuilder()
        simple.i16(1)
        #expect(TrueTypeSubsetter.components(ofOutline: simple.data).isEmpty)
    }
}

extension SubsetTests {
    /// A one-contour triangle.
    static func simpleGlyph() -> Data {
        var glyph = FontDataBuilder()
        glyph.i16(1)
        for value: Int16 in [0, 0, 500, 700] { glyph.i16(value) }
        glyph.u16(2)  // last point of the contour
        glyph.u16(0)  // no instructions
        for _ in 0..<3 { glyph.u8(0x01) }  // on-curve, 16-bit coordinates
        for x: Int16 in [0, 500, -250] { glyph.i16(x) }
        for y: Int16 in [0, 0, 700] { glyph.i16(y) }
        glyph.padToFourBytes()
        return glyph.data
    }

    static func compositeGlyph(_ components: [UInt16]) -> Data {
        var glyph = FontDataBuilder()
        glyph.i16(-1)
        for value: Int16 in [0, 0, 500, 700] { glyph.i16(value) }
        for (index, component) in components.enumerated() {
            glyph.u16(0x0001 | (index < components.count - 1 ? 0x0020 : 0))  // word arguments, more components
            glyph.u16(component)
            glyph.i16(0)
            glyph.i16(0)
        }
        glyph.padToFourBytes()
        return glyph.data
    }

    /// A minimal TrueType font around the given outlines (1000 units per em, long loca offsets).
    static func miniFont(outlines: [Data]) -> Data {
        var head = FontDataBuilder()
        head.u32(0x0001_0000)
        head.u32(0x0001_0000)
        head.u32(0)
        head.u32(0x5F0F_3CF5)
        head.u16(0)
        head.u16(1000)
        for _ in 0..<4 { head.u32(0) }  // created, modified
        for value: Int16 in [0, 0, 500, 700] { head.i16(value) }
        head.u16(0)
        head.u16(8)
        head.i16(2)
        head.i16(1)  // long offsets
        head.i16(0)
        var hhea = FontDataBuilder()
        hhea.u32(0x0001_0000)
        hhea.i16(800)
        hhea.i16(-200)
        for _ in 0..<13 { hhea.i16(0) }
        hhea.u16(UInt16(outlines.count))
        var maxp = FontDataBuilder()
        maxp.u32(0x0000_5000)
        maxp.u16(UInt16(outlines.count))
        var hmtx = FontDataBuilder()
        var loca = FontDataBuilder()
        var glyf = FontDataBuilder()
        for outline in outlines {
            hmtx.u16(500)
            hmtx.i16(0)
            loca.u32(UInt32(glyf.data.count))
            glyf.append(outline)
        }
        loca.u32(UInt32(glyf.data.count))
        return SFNTWriter.file(tables: [
            "head": head.data, "hhea": hhea.data, "maxp": maxp.data, "hmtx": hmtx.data, "loca": loca.data, "glyf": glyf.data,
        ])
    }
}

extension Data {
    var paddedToFourBytes: Data {
        var copy = Data(self)
        while copy.count % 4 != 0 { copy.append(0) }
        return copy
    }
}
