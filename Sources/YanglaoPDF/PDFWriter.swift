import Foundation

/// Low-level pages: coordinates in points, origin at the TOP-left of the page (y grows downwards).
/// All text is set in one font, embedded as a subset of the glyphs used.
public final class PDFWriter {
    public let font: PDFFont
    public let pageSize: PDFPageSize
    public let title: String
    public let author: String
    /// Written to the Info dictionary as CreationDate.
    public var creationDate = Date()

    private var pages: [String] = []
    private var currentPage = -1
    /// Each glyph drawn so far and the text it stands for (for the ToUnicode CMap).
    private var usedGlyphs: [UInt16: String] = [0: ""]
    private var finished: Data?

    private static let fontResource = "F1"

    public init(font: PDFFont, pageSize: PDFPageSize = .a4, title: String, author: String = "Yanglao") {
        self.font = font
        self.pageSize = pageSize
        self.title = title
        self.author = author
    }

    public var pageWidth: Double { pageSize.dimensions.width }
    public var pageHeight: Double { pageSize.dimensions.height }
    public var pageCount: Int { pages.count }
    /// Zero-based index of the page being drawn on; -1 before the first page.
    public var currentPageIndex: Int { currentPage }

    /// Starts a new page after the last one and draws on it.
    public func newPage() {
        guard isWritable else { return }
        pages.append("")
        currentPage = pages.count - 1
    }

    /// Draws on an earlier page again (e.g. to add "page n of m" once the count is known).
    public func goToPage(_ index: Int) {
        precondition(pages.indices.contains(index), "page \(index) does not exist; there are \(pages.count)")
        currentPage = index
    }

    /// Sets `text` on one line; `y` is the baseline, measured from the top of the page.
    public func text(_ text: String, x: Double, y: Double, size: Double) {
        let glyphs = font.glyphs(for: text)
        guard !glyphs.isEmpty else { return }
        var codes = ""
        codes.reserveCapacity(glyphs.count * 4)
        for (glyph, scalar) in glyphs {
            codes += PDFSyntax.hex(glyph)
            if usedGlyphs[glyph] == nil { usedGlyphs[glyph] = String(scalar) }
        }
        append("BT /\(Self.fontResource) \(number(size)) Tf 1 0 0 1 \(number(x)) \(number(pageHeight - y)) Tm <\(codes)> Tj ET")
    }

    public func line(x1: Double, y1: Double, x2: Double, y2: Double, width: Double = 0.5) {
        append("\(number(width)) w \(number(x1)) \(number(pageHeight - y1)) m \(number(x2)) \(number(pageHeight - y2)) l S")
    }

    /// A rectangle whose top-left corner is (`x`, `y`). `fillGray` (0 black … 1 white) fills it;
    /// a `lineWidth` of 0 leaves the border out.
    public func rectangle(x: Double, y: Double, width: Double, height: Double, lineWidth: Double = 0.5, fillGray: Double? = nil) {
        let path = "\(number(x)) \(number(pageHeight - y - height)) \(number(width)) \(number(height)) re"
        let stroke = lineWidth > 0
        switch (fillGray, stroke) {
        case (let gray?, true): append("q \(number(gray)) g \(number(lineWidth)) w \(path) B Q")
        case (let gray?, false): append("q \(number(gray)) g \(path) f Q")
        case (nil, true): append("\(number(lineWidth)) w \(path) S")
        case (nil, false): break
        }
    }

    /// The finished file; asking again returns the same file. Drawing afterwards is a programming
    /// error: it trips an assertion in debug builds and is ignored otherwise.
    public func data() -> Data {
        if let finished { return finished }
        if pages.isEmpty { newPage() }
        let catalog = 1
        let pageTree = 2
        let info = 3
        let firstFontObject = 4
        let firstPageObject = firstFontObject + FontEmbedding.objectCount
        let pageIDs = pages.indices.map { firstPageObject + 2 * $0 }
        let size = "[0 0 \(number(pageWidth)) \(number(pageHeight))]"

        var writer = PDFObjectWriter()
        writer.object(catalog, "<< /Type /Catalog /Pages \(pageTree) 0 R /Lang (zh-CN) /ViewerPreferences << /DisplayDocTitle true >> >>")
        let kids = pageIDs.map { "\($0) 0 R" }.joined(separator: " ")
        writer.object(pageTree, "<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) /MediaBox \(size) >>")
        writer.object(
            info,
            """
            << /Title \(PDFSyntax.textString(title)) /Author \(PDFSyntax.textString(author)) \
            /Producer (Yanglao) /Creator (Yanglao) /CreationDate \(PDFSyntax.date(creationDate)) >>
            """)
        FontEmbedding.write(font, text: usedGlyphs, firstID: firstFontObject, into: &writer)
        for (index, content) in pages.enumerated() {
            let page = pageIDs[index]
            writer.object(
                page,
                """
                << /Type /Page /Parent \(pageTree) 0 R /Resources << /Font << /\(Self.fontResource) \(firstFontObject) 0 R >> >> \
                /Contents \(page + 1) 0 R >>
                """)
            writer.stream(page + 1, data: Data(content.utf8))
        }
        let identity = Array("\(title)|\(author)|\(creationDate.timeIntervalSince1970)|\(pages.count)".utf8)
        let fileID = [PDFSyntax.fingerprint(identity), PDFSyntax.fingerprint(identity.reversed())]
            .map { hash in PDFSyntax.hex((0..<8).map { UInt8(truncatingIfNeeded: hash >> (56 - 8 * $0)) }) }
            .joined()
        let file = writer.finish(root: catalog, info: info, fileID: fileID)
        finished = file
        return file
    }

    private var isWritable: Bool {
        assert(finished == nil, "PDFWriter used after data()")
        return finished == nil
    }

    private func append(_ operation: String) {
        guard isWritable else { return }
        if pages.isEmpty { newPage() }
        pages[currentPage] += operation + "\n"
    }

    private func number(_ value: Double) -> String { PDFSyntax.number(value) }
}
