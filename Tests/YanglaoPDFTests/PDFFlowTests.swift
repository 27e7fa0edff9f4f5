import Testing

@testable import YanglaoPDF

@Suite struct PDFFlowTests {
    let font: PDFFont
    init() throws { font = try TestSupport.zenHei() }

    @Test func spaceAfterTheLastBlockDoesNotAddAnEmptyPage() {
        let writer = PDFWriter(font: font, title: "t")
        let flow = PDFFlow(writer: writer)
        flow.paragraph("只有一段")
        flow.space(10_000)
        _ = flow.finish()
        #expect(writer.pageCount == 1)
    }

    @Test func aHeadingNearTheBottomMovesToTheNextPageWithItsText() {
        let writer = PDFWriter(font: font, title: "t")
        let flow = PDFFlow(writer: writer)
        while flow.cursor < writer.pageHeight - flow.margin - 30 { flow.paragraph("填充内容") }
        #expect(writer.currentPageIndex == 0)
        flow.heading("二、评估说明")
        #expect(writer.currentPageIndex == 1)
        #expect(flow.cursor < flow.margin + 30)
    }

    @Test func aLongTableContinuesOnNewPagesAndTheCursorStaysOnThePage() {
        let writer = PDFWriter(font: font, title: "t")
        let flow = PDFFlow(writer: writer)
        flow.table(columns: [("序号", 0.2), ("内容", 0.8)], rows: (1...120).map { ["\($0)", "内容\($0)"] })
        #expect(writer.pageCount >= 3)
        #expect(flow.cursor <= writer.pageHeight - flow.margin + 10)
    }

    @Test func widthsThatDoNotSumToOneAreScaled() {
        let flow = PDFFlow(writer: PDFWriter(font: font, title: "t"))
        let layout = TableLayout(columns: [("a", 2), ("b", 6)], textWidth: 400, size: 10, flow: flow)
        #expect(layout.widths == [100, 300])
    }
}
