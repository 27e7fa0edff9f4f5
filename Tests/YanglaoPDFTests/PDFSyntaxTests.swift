import Foundation
import Testing

@testable import YanglaoPDF

@Suite struct PDFSyntaxTests {
    @Test func numbersAreShortAndNeverInExponentForm() {
        #expect(PDFSyntax.number(595.28) == "595.28")
        #expect(PDFSyntax.number(12) == "12")
        #expect(PDFSyntax.number(-0.5) == "-0.5")
        #expect(PDFSyntax.number(0.0001) == "0")
        #expect(PDFSyntax.number(1.005) == "1.005")
        #expect(PDFSyntax.number(0.05) == "0.05")
        #expect(PDFSyntax.number(1e12) == "1000000000")
        #expect(PDFSyntax.number(.nan) == "0")
    }

    @Test func textStringsAreUTF16WithAByteOrderMark() {
        #expect(PDFSyntax.textString("养A") == "<FEFF517B0041>")
    }

    @Test func toUnicodeMapsGlyphsToUTF16() {
        let cmap = ToUnicodeCMap.make([0x0A1B: "养", 0x0003: "😀"])
        #expect(cmap.contains("2 beginbfchar"))
        #expect(cmap.contains("<0003> <D83DDE00>"))
        #expect(cmap.contains("<0A1B> <517B>"))
    }

    @Test func widthsAreGroupedInRunsOfConsecutiveGlyphs() throws {
        let face = try TestSupport.zenHei().face
        let scale = 1000 / Double(face.unitsPerEm)
        let widths = FontEmbedding.widths([3, 4, 5, 9], face: face, scale: scale)
        #expect(widths.hasPrefix("[3 ["))
        #expect(widths.contains("] 9 ["))
    }

    @Test func subsetTagsAreSixCapitalLetters() {
        let tag = FontEmbedding.subsetTag([1, 2, 3])
        #expect(tag.count == 6)
        #expect(tag.allSatisfy { $0 >= "A" && $0 <= "Z" })
        #expect(tag == FontEmbedding.subsetTag([1, 2, 3]))
        #expect(tag != FontEmbedding.subsetTag([1, 2, 4]))
    }
}
