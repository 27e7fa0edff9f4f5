import Foundation
import Testing

@testable import YanglaoPDF

@Suite struct TrueTypeReaderTests {
    @Test func zenHeiFaceZeroIsFoundInTheCollection() throws {
        let face = try TestSupport.zenHei().face
        #expect(face.faceIndex == 0)
        #expect(face.faceCount >= 2)
        #expect(face.postScriptName == "WenQuanYiZenHei")
        #expect(face.glyphCount > 20_000)
        #expect(face.glyphOffsets.count == face.glyphCount + 1)
    }

    @Test func chineseAndLatinCharactersHaveGlyphs() throws {
        let face = try TestSupport.zenHei().face
        let yang = face.glyph(for: "养")
        let lao = face.glyph(for: "老")
        let letterA = face.glyph(for: "A")
        #expect(yang != 0)
        #expect(lao != 0)
        #expect(letterA != 0)
        #expect(Set([yang, lao, letterA]).count == 3)
        #expect(face.glyph(for: "\u{10FFFD}") == 0)
        #expect(try face.outline(of: yang).count > 20)
    }

    @Test func advanceWidthsArePlausible() throws {
        let font = try TestSupport.zenHei()
        let face = font.face
        let em = Double(face.unitsPerEm)
        let yangWidth = Double(face.advance(of: face.glyph(for: "养"))) / em
        let aWidth = Double(face.advance(of: face.glyph(for: "A"))) / em
        #expect(abs(yangWidth - 1) < 0.1, "a CJK character is about one em wide, got \(yangWidth)")
        #expect(aWidth > 0.3 && aWidth < 0.9, "a Latin capital is narrower than an em, got \(aWidth)")
        #expect(abs(font.width(of: "养老", size: 10) - 20) < 2)
        #expect(face.ascender > 0 && face.descender < 0)
    }

    @Test func otherFacesOfTheCollectionCanBeChosen() throws {
        let mono = try PDFFont.load(path: TestSupport.zenHeiPath, faceIndex: 1)
        #expect(mono.postScriptName != "WenQuanYiZenHei")
        #expect(throws: PDFError.self) { try PDFFont.load(path: TestSupport.zenHeiPath, faceIndex: 99) }
    }

    @Test func aFileThatIsNotAFontIsRejectedClearly() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write(Data("not a font at all, just text".utf8), to: "fake.ttf")
        do {
            _ = try PDFFont.load(path: path)
            Issue.record("loading a text file as a font should fail")
        } catch let error as PDFError {
            #expect(error.description.contains(path))
            #expect(error.description.contains("not a TrueType font"))
        }
    }

    @Test func cffOutlinesAreRejectedWithAReason() throws {
        var header = FontDataBuilder()
        header.u32(TableDirectory.cffVersion)
        header.u16(0)
        header.u16(0)
        header.u16(0)
        header.u16(0)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write(header.data, to: "cff.otf")
        #expect(
            throws: PDFError.unsupportedFont(path: path, reason: "it has CFF (PostScript) outlines; a TrueType font with 'glyf' outlines is needed")
        ) {
            try PDFFont.load(path: path)
        }
    }

    @Test func systemFontHonoursTheEnvironmentAndExplainsWhatIsMissing() throws {
        let chosen = try PDFFont.system(environment: ["YANGLAO_PDF_FONT": TestSupport.zenHeiPath + "#1"], defaults: [])
        #expect(chosen.faceIndex == 1)
        #expect(PDFFont.parseLocation("/fonts/a#b.ttc").path == "/fonts/a#b.ttc")
        do {
            _ = try PDFFont.system(environment: [:], defaults: ["/nonexistent/font.ttc"])
            Issue.record("no font should have been found")
        } catch let error as PDFError {
            #expect(error == .noFontFound(tried: ["/nonexistent/font.ttc"]))
            #expect(error.description.contains("YANGLAO_PDF_FONT"))
        }
    }

    @Test func theFontIsParsedOncePerProcess() async throws {
        let first = try PDFFont.load(path: TestSupport.zenHeiPath)
        let faces = try await withThrowingTaskGroup(of: ObjectIdentifier.self) { group in
            for _ in 0..<8 {
                group.addTask { ObjectIdentifier(try PDFFont.load(path: TestSupport.zenHeiPath).face) }
            }
            return try await group.reduce(into: Set<ObjectIdentifier>()) { $0.insert($1) }
        }
        #expect(faces == [ObjectIdentifier(first.face)])
    }
}
