import Foundation
import Testing

@testable import YanglaoPDF

/// Where poppler finds each word (pdftotext -bbox): the flowing layout must keep every word inside the margins.
@Suite struct LayoutBoundsTests {
    struct Word {
        let page: Int
        let xMin: Double, yMin: Double, xMax: Double, yMax: Double
        let text: String
    }

    static func words(of path: String) throws -> [Word] {
        let result = try TestSupport.run("/usr/bin/pdftotext", ["-bbox", path, "-"])
        try #require(result.status == 0 && result.errors.isEmpty, "pdftotext -bbox: \(result.errors)")
        var words: [Word] = []
        var page = 0
        for line in result.output.split(separator: "\n") {
            if line.contains("<page ") { page += 1 }
            guard let match = line.firstMatch(of: /xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">(.*)<\/word>/) else {
                continue
            }
            words.append(
                Word(
                    page: page, xMin: Double(match.1)!, yMin: Double(match.2)!, xMax: Double(match.3)!, yMax: Double(match.4)!,
                    text: String(match.5)))
        }
        return words
    }

    static func expectInsideMargins(_ words: [Word], margin: Double = 50, pageSize: PDFPageSize = .a4) {
        let (width, height) = pageSize.dimensions
        #expect(!words.isEmpty)
        let pageCount = words.map(\.page).max() ?? 0
        for word in words {
            #expect(word.xMin >= margin - 0.5 && word.xMax <= width - margin + 0.5, "\(word.text) on page \(word.page) runs into the side margin")
            if word.yMin > height - margin {
                // Only the page number may be below the text area; poppler may split it into words.
                let footer = "第 \(word.page) 页 / 共 \(pageCount) 页"
                #expect(
                    footer.split(separator: " ").contains(Substring(word.text)) || footer.contains(word.text),
                    "\(word.text) on page \(word.page) is below the text area")
            } else {
                #expect(
                    word.yMin >= margin - 0.5 && word.yMax <= height - margin + 0.5,
                    "\(word.text) on page \(word.page) runs into the top or bottom margin")
            }
        }
    }

    @Test func theReportStaysInsideTheMargins() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write(PDFOutputTests.assessmentReport(font: try TestSupport.zenHei()), to: "report.pdf")
        Self.expectInsideMargins(try Self.words(of: path))
    }

    @Test func oversizedContentIsSplitAcrossPagesInsteadOfRunningOff() throws {
        let writer = PDFWriter(font: try TestSupport.zenHei(), title: "超长内容")
        let flow = PDFFlow(writer: writer)
        flow.heading("超长单元格")
        let longCell = String(repeating: "护理记录内容较长，需要跨页显示。", count: 260) + "终点标记"
        flow.table(columns: [("项目", 0.2), ("内容", 0.8)], rows: [["第一行", "短"], ["第二行", longCell], ["第三行", "结束"]])
        flow.paragraph(String(repeating: "x", count: 400))
        flow.keyValues([("备注", String(repeating: "很长的备注。", count: 700) + "备注完")], columns: 2)
        flow.space(2000)
        flow.paragraph("最后一段")
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write(flow.finish(), to: "oversized.pdf")

        let info = try TestSupport.run("/usr/bin/pdfinfo", [path])
        #expect(info.status == 0 && info.errors.isEmpty, "pdfinfo: \(info.errors)")
        let pages = try #require(TestSupport.field("Pages", in: info.output).flatMap { Int($0) })
        #expect(pages >= 5)
        Self.expectInsideMargins(try Self.words(of: path))

        let text = try TestSupport.run("/usr/bin/pdftotext", ["-raw", path, "-"]).output
        for marker in ["第一行", "终点标记", "第三行", "结束", "备注完", "最后一段", "第 \(pages) 页 / 共 \(pages) 页"] {
            #expect(text.contains(marker), "\(marker) is missing")
        }
        let longCellText = text.replacingOccurrences(of: "\n", with: "")
        #expect(longCellText.components(separatedBy: "需要跨页显示").count - 1 == 260, "every line of the long cell is drawn once")
    }
}
