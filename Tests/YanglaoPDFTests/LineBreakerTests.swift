import Testing

@testable import YanglaoPDF

@Suite struct LineBreakerTests {
    let font: PDFFont
    init() throws { font = try TestSupport.zenHei() }

    @Test func aLongChineseLineBreaksIntoSeveralLinesWithinTheWidth() {
        let text = String(repeating: "老年人能力评估是为老年人提供适宜养老服务的基础工作", count: 6)
        let width = 200.0
        let lines = LineBreaker.lines(text, font: font, size: 10.5, width: width)
        #expect(lines.count >= 6)
        for line in lines {
            #expect(font.width(of: line, size: 10.5) <= width, "\(line) is too wide")
        }
        #expect(lines.joined() == text, "no character is lost or added")
        // Full lines: each holds as many characters as fit (about 19 at 10.5 pt in 200 pt).
        #expect(lines.dropLast().allSatisfy { $0.count >= 18 })
    }

    @Test func latinWordsBreakAtSpaces() {
        let text = "Ability assessment for older people according to GB/T 42195-2022 national standard"
        let lines = LineBreaker.lines(text, font: font, size: 10, width: 120)
        #expect(lines.count > 1)
        for line in lines {
            #expect(font.width(of: line, size: 10) <= 120)
            #expect(!line.hasPrefix(" ") && !line.hasSuffix(" "))
        }
        let words = Set(text.split(separator: " ").map(String.init))
        #expect(lines.flatMap { $0.split(separator: " ").map(String.init) }.allSatisfy(words.contains), "no word is cut")
        #expect(lines.joined(separator: " ") == text)
    }

    @Test func aWordLongerThanTheLineIsCut() {
        let word = String(repeating: "0123456789", count: 8)
        let lines = LineBreaker.lines(word, font: font, size: 10, width: 100)
        #expect(lines.count > 1)
        #expect(lines.joined() == word)
        #expect(lines.allSatisfy { font.width(of: $0, size: 10) <= 100 })
    }

    @Test func closingPunctuationDoesNotStartALine() {
        // Ten characters fit exactly; the comma after them must not begin the second line.
        let width = font.width(of: "一二三四五六七八九十", size: 10)
        let lines = LineBreaker.lines("一二三四五六七八九十，十一", font: font, size: 10, width: width)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { !$0.hasPrefix("，") })
        #expect(lines.joined() == "一二三四五六七八九十，十一")
    }

    @Test func lineFeedsAreKeptAndEmptyTextIsOneEmptyLine() {
        #expect(LineBreaker.lines("第一行\n\n第三行", font: font, size: 10, width: 300) == ["第一行", "", "第三行"])
        #expect(LineBreaker.lines("", font: font, size: 10, width: 300) == [""])
    }

    @Test func mixedChineseAndLatinKeepsLatinWordsWhole() {
        let text = "依据GB/T 42195-2022《老年人能力评估规范》开展评估，评估结果分为能力完好、轻度失能、中度失能、重度失能和完全失能"
        let lines = LineBreaker.lines(text, font: font, size: 10.5, width: 150)
        #expect(lines.count > 2)
        #expect(lines.allSatisfy { font.width(of: $0, size: 10.5) <= 150 })
        #expect(lines.contains { $0.contains("GB/T") })
        #expect(lines.allSatisfy { !$0.hasSuffix("《") })
    }
}
