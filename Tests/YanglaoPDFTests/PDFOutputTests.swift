import Foundation
import Testing

@testable import YanglaoPDF

/// Files checked with poppler (pdfinfo, pdftotext, pdffonts, pdftoppm), as a reader would open them.
@Suite struct PDFOutputTests {
    static func assessmentReport(font: PDFFont) -> Data {
        let writer = PDFWriter(font: font, title: "老年人能力评估报告")
        let flow = PDFFlow(writer: writer)
        flow.title("老年人能力评估报告")
        flow.paragraph("依据 GB/T 42195-2022《老年人能力评估规范》", size: 10)
        flow.heading("一、基本信息")
        flow.keyValues([
            ("姓名", "王秀兰"), ("身份证号", "410902194503151238"),
            ("评估日期", "2024-03-15"), ("评估机构", "濮阳市华龙区养老服务指导中心（第三方评估机构，地址较长需要换行显示）"),
            ("评估原因", "首次评估"),
        ])
        flow.heading("二、评估说明")
        flow.paragraph(String(repeating: "老年人能力评估包括自理能力、基础运动能力、精神状态、感知觉与社会参与四个一级指标，", count: 5))
        flow.heading("C.1 一级指标分级")
        let rows = (1...120).map { index in
            ["\(index)", "评估项目第\(index)项", index % 7 == 0 ? "需要他人协助完成，且在完成过程中需要较多提示与看护" : "独立完成", "\(index % 5)"]
        }
        flow.table(columns: [("序号", 0.1), ("评估项目", 0.3), ("评估结果", 0.45), ("得分", 0.15)], rows: rows)
        flow.paragraph("评估结论：轻度失能。")
        return flow.finish()
    }

    @Test func aReportOpensInPopplerAndItsChineseTextComesBack() throws {
        let font = try TestSupport.zenHei()
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write(Self.assessmentReport(font: font), to: "report.pdf")

        let info = try TestSupport.run("/usr/bin/pdfinfo", [path])
        #expect(info.status == 0, "pdfinfo failed: \(info.errors)")
        #expect(info.errors.isEmpty, "pdfinfo complained: \(info.errors)")
        let pages = try #require(TestSupport.field("Pages", in: info.output).flatMap { Int($0) })
        #expect(pages >= 2)
        #expect(TestSupport.field("Title", in: info.output) == "老年人能力评估报告")
        #expect(TestSupport.field("Page size", in: info.output) == "595.28 x 841.89 pts (A4)")
        #expect(TestSupport.field("PDF version", in: info.output) == "1.7")

        // -raw keeps the text in drawing order with its own spaces; the default mode infers spaces from
        // gaps and drops evenly spaced ones (it prints "第1页/共5页").
        let raw = try TestSupport.run("/usr/bin/pdftotext", ["-raw", path, "-"])
        #expect(raw.status == 0, "pdftotext failed: \(raw.errors)")
        #expect(raw.errors.isEmpty, "pdftotext complained: \(raw.errors)")
        for expected in [
            "老年人能力评估报告", "依据 GB/T 42195-2022《老年人能力评估规范》", "一、基本信息", "姓名：王秀兰",
            "410902194503151238", "C.1 一级指标分级", "评估项目第120项", "评估结论：轻度失能。",
            "第 1 页 / 共 \(pages) 页", "第 \(pages) 页 / 共 \(pages) 页",
        ] {
            #expect(raw.output.contains(expected), "\(expected) is missing from the extracted text")
        }
        // Pages are separated by form feeds: each has its number and, after the first, the repeated table header.
        let pageTexts = raw.output.split(separator: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        #expect(pageTexts.count == pages)
        for (index, page) in pageTexts.enumerated() {
            #expect(page.contains("第 \(index + 1) 页 / 共 \(pages) 页"))
            if index > 0 { #expect(page.contains("序号") && page.contains("评估项目") && page.contains("得分")) }
        }

        let layout = try TestSupport.run("/usr/bin/pdftotext", ["-layout", path, "-"])
        #expect(layout.status == 0 && layout.errors.isEmpty, "pdftotext -layout: \(layout.errors)")
        #expect(layout.output.contains("老年人能力评估报告"))
        #expect(layout.output.contains("GB/T 42195-2022"))
    }

    @Test func theFontIsEmbeddedAsASmallCIDTrueTypeSubsetWithToUnicode() throws {
        let data = Self.assessmentReport(font: try TestSupport.zenHei())
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write(data, to: "fonts.pdf")
        let fonts = try TestSupport.run("/usr/bin/pdffonts", [path])
        #expect(fonts.status == 0 && fonts.errors.isEmpty, "pdffonts: \(fonts.errors)")
        let line = try #require(fonts.output.split(separator: "\n").first { $0.contains("+WenQuanYiZenHei") }, "\(fonts.output)")
        let columns = line.split(separator: " ").map(String.init)
        // name, "CID", "TrueType", encoding, emb, sub, uni, object number, generation
        #expect(columns.count == 9, "\(line)")
        #expect(columns.first?.count == "ABCDEF+WenQuanYiZenHei".count)
        #expect(Array(columns.dropFirst().prefix(6)) == ["CID", "TrueType", "Identity-H", "yes", "yes", "yes"], "\(line)")
        #expect(data.count < 600_000, "the report is \(data.count) bytes")
    }

    @Test func textIsRenderedFromTheEmbeddedOutlines() throws {
        let writer = PDFWriter(font: try TestSupport.zenHei(), title: "render")
        writer.text("养老服务", x: 50, y: 150, size: 72)
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write(writer.data(), to: "render.pdf")
        let prefix = scratch.path("page")
        let render = try TestSupport.run("/usr/bin/pdftoppm", ["-r", "20", "-gray", "-singlefile", path, prefix])
        #expect(render.status == 0 && render.errors.isEmpty, "pdftoppm: \(render.errors)")
        let image = try Data(contentsOf: URL(fileURLWithPath: prefix + ".pgm"))
        let darkPixels = try Self.darkPixelCount(pgm: image)
        #expect(darkPixels > 100, "only \(darkPixels) dark pixels: the glyphs did not render")
    }

    @Test func lowLevelDrawingAndMissingCharactersDoNotBreakTheFile() throws {
        let writer = PDFWriter(font: try TestSupport.zenHei(), pageSize: .a4Landscape, title: "横向")
        #expect(writer.pageWidth > writer.pageHeight)
        writer.text("缺字：\u{10FFFD}\u{1F600} 之后 ok", x: 40, y: 60, size: 12)
        writer.line(x1: 40, y1: 70, x2: 400, y2: 70)
        writer.rectangle(x: 40, y: 80, width: 200, height: 40, fillGray: 0.9)
        writer.newPage()
        writer.text("第二页", x: 40, y: 60, size: 12)
        let data = writer.data()
        #expect(writer.data() == data, "data() can be asked for again")
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = try scratch.write(data, to: "landscape.pdf")
        let info = try TestSupport.run("/usr/bin/pdfinfo", [path])
        #expect(info.status == 0 && info.errors.isEmpty, "pdfinfo: \(info.errors)")
        #expect(TestSupport.field("Pages", in: info.output) == "2")
        #expect(TestSupport.field("Page size", in: info.output)?.hasPrefix("841.89 x 595.28 pts") == true)
        let text = try TestSupport.run("/usr/bin/pdftotext", ["-raw", path, "-"])
        #expect(text.output.contains("缺字："))
        #expect(text.output.contains("之后 ok"))
        #expect(text.output.contains("第二页"))
    }

    @Test func crossReferenceOffsetsPointAtTheirObjects() throws {
        let data = Self.assessmentReport(font: try TestSupport.zenHei())
        let tail = String(decoding: data.suffix(64), as: UTF8.self)
        let startLine = try #require(tail.components(separatedBy: "startxref\n").last?.split(separator: "\n").first)
        let xrefOffset = try #require(Int(startLine))
        let xref = String(decoding: data[xrefOffset...], as: UTF8.self)
        #expect(xref.hasPrefix("xref\n0 "))
        let lines = xref.split(separator: "\n")
        let count = try #require(Int(lines[1].split(separator: " ")[1]))
        for id in 1..<count {
            let entry = lines[2 + id]
            #expect(entry.count == 19, "entries are 20 bytes with their line feed")
            let offset = try #require(Int(entry.prefix(10)))
            let header = String(decoding: data[offset..<offset + 20], as: UTF8.self)
            #expect(header.hasPrefix("\(id) 0 obj"), "object \(id) at \(offset)")
        }
    }

    /// Pixels darker than mid-gray in a binary (P5) PGM image.
    static func darkPixelCount(pgm: Data) throws -> Int {
        // Header: "P5", width, height, maxval, each followed by whitespace.
        var fields: [String] = []
        var index = pgm.startIndex
        var field = ""
        while fields.count < 4, index < pgm.endIndex {
            let byte = pgm[index]
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                if !field.isEmpty {
                    fields.append(field)
                    field = ""
                }
            } else {
                field.append(Character(Unicode.Scalar(byte)))
            }
            index += 1
        }
        try #require(fields.first == "P5", "not a binary PGM")
        return pgm[index...].filter { $0 < 128 }.count
    }
}
