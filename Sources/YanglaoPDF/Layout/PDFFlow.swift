import Foundation

/// Flowing layout on top of PDFWriter: a cursor that moves down, wrapping text to the page
/// width and starting a new page when full; "第 n 页 / 共 m 页" at the bottom of every page.
public final class PDFFlow {
    public let writer: PDFWriter
    public let margin: Double
    /// The top of the next block, in points from the top of the page.
    public private(set) var cursor: Double

    private var finished: Data?

    static let titleSize = 18.0
    static let headingSize = 13.0
    static let footerSize = 9.0
    static let lineSpacing = 1.5

    /// Starts on a new page of `writer`.
    public init(writer: PDFWriter, margin: Double = 50) {
        self.writer = writer
        self.margin = margin
        cursor = margin
        writer.newPage()
    }

    public var textWidth: Double { writer.pageWidth - 2 * margin }
    var font: PDFFont { writer.font }
    var bottom: Double { writer.pageHeight - margin }
    var isAtTopOfPage: Bool { cursor <= margin }

    /// Centered, large.
    public func title(_ text: String) {
        let lines = wrap(text, size: Self.titleSize, width: textWidth)
        ensureRoom(lineHeight(Self.titleSize) * Double(lines.count))
        for line in lines {
            let x = margin + (textWidth - font.width(of: line, size: Self.titleSize)) / 2
            drawLine(line, x: x, size: Self.titleSize)
        }
        space(8)
    }

    /// A section heading, kept on the same page as the first lines that follow it.
    public func heading(_ text: String) {
        if !isAtTopOfPage { space(8) }
        let lines = wrap(text, size: Self.headingSize, width: textWidth)
        ensureRoom(lineHeight(Self.headingSize) * Double(lines.count) + 2 * lineHeight(10.5))
        for line in lines { drawLine(line, x: margin, size: Self.headingSize) }
        space(2)
    }

    public func paragraph(_ text: String, size: Double = 10.5) {
        for line in wrap(text, size: size, width: textWidth) {
            ensureRoom(lineHeight(size))
            drawLine(line, x: margin, size: size)
        }
        space(size / 2)
    }

    /// "label：value" cells, `columns` to a row; a long value wraps inside its cell, aligned after the label.
    public func keyValues(_ pairs: [(String, String)], columns: Int = 2) {
        let size = 10.5
        let columns = max(1, columns)
        let cellWidth = textWidth / Double(columns)
        let innerWidth = cellWidth - (columns > 1 ? 8 : 0)
        var start = 0
        while start < pairs.count {
            let row = pairs[start..<min(start + columns, pairs.count)]
            let cells = row.map { KeyValueCell(label: $0.0, value: $0.1, width: innerWidth, size: size, flow: self) }
            let height = lineHeight(size) * Double(cells.map(\.lineCount).max() ?? 1)
            if height > bottom - margin {
                // Taller than a whole page: give each pair its own paragraph instead.
                for (label, value) in row { paragraph("\(label)：\(value)", size: size) }
            } else {
                ensureRoom(height)
                let top = cursor
                for (column, cell) in cells.enumerated() {
                    cell.draw(x: margin + Double(column) * cellWidth, top: top, flow: self)
                }
                cursor = top + height
            }
            start += columns
        }
        space(size / 2)
    }

    /// A bordered table; widths are fractions of the text width (they are scaled to sum to 1);
    /// the header row repeats on every page the table reaches; cells wrap, and a row too tall for a page is split.
    public func table(columns: [(title: String, width: Double)], rows: [[String]], size: Double = 10) {
        guard !columns.isEmpty else { return }
        let table = TableLayout(columns: columns, textWidth: textWidth, size: size, flow: self)
        let header = table.wrap(columns.map(\.title))
        let roomBelowHeader = bottom - margin - table.height(of: header)
        // Keep the header with the first row (or its first line, if the row fits on no page).
        let firstRow = rows.first.map(table.wrap) ?? []
        let firstRowHeight = table.height(of: firstRow)
        ensureRoom(
            table.height(of: header)
                + (firstRowHeight <= roomBelowHeader ? firstRowHeight : table.height(of: firstRow.map { Array($0.prefix(1)) })))
        var headerAtTopOfPage = isAtTopOfPage
        table.draw(header, header: true, flow: self)
        for row in rows {
            var remaining = table.wrap(row)
            while !remaining.isEmpty {
                if cursor + table.height(of: remaining) <= bottom {
                    table.draw(remaining, header: false, flow: self)
                    headerAtTopOfPage = false
                    break
                }
                // A row that fits on the next page moves there whole; one that fits on no page is split,
                // starting here (overflowing by a line if not even one fits below a header at the top of a page).
                let linesThatFit = table.linesThatFit(in: bottom - cursor)
                let fitsNoPage = table.height(of: remaining) > roomBelowHeader
                if headerAtTopOfPage || (fitsNoPage && linesThatFit >= 1) {
                    let count = max(1, linesThatFit)
                    table.draw(remaining.map { Array($0.prefix(count)) }, header: false, flow: self)
                    remaining = remaining.map { Array($0.dropFirst(count)) }
                    if remaining.allSatisfy(\.isEmpty) { break }
                }
                newPage()
                table.draw(header, header: true, flow: self)
                headerAtTopOfPage = true
            }
        }
        space(size / 2)
    }

    /// Moves the cursor down. Past the bottom margin, the next block starts on a new page; the page
    /// is not started here, so space after the last block never leaves an empty page.
    public func space(_ points: Double) {
        cursor += points
    }

    /// Starts a new page; the cursor goes to its top margin.
    public func newPage() {
        writer.newPage()
        cursor = margin
    }

    /// Adds the page numbers and returns the file.
    public func finish() -> Data {
        if let finished { return finished }
        let pageCount = writer.pageCount
        for page in 0..<pageCount {
            writer.goToPage(page)
            let footer = "第 \(page + 1) 页 / 共 \(pageCount) 页"
            let x = (writer.pageWidth - font.width(of: footer, size: Self.footerSize)) / 2
            writer.text(footer, x: x, y: writer.pageHeight - margin / 2, size: Self.footerSize)
        }
        let data = writer.data()
        finished = data
        return data
    }

    // MARK: - Shared by the blocks

    func lineHeight(_ size: Double) -> Double { size * Self.lineSpacing }

    /// Where the baseline sits below the top of a line box, centering the font's ascent and descent in it.
    func baselineOffset(size: Double, lineHeight: Double) -> Double {
        let ascent = font.ascent(size: size)
        return (lineHeight - ascent - font.descent(size: size)) / 2 + ascent
    }

    func wrap(_ text: String, size: Double, width: Double) -> [String] {
        font.lines(of: text, size: size, width: width)
    }

    /// Goes to a new page unless `height` more points fit above the bottom margin (or the page is still empty).
    func ensureRoom(_ height: Double) {
        if cursor + height > bottom && !isAtTopOfPage { newPage() }
    }

    func advance(by points: Double) { cursor += points }

    private func drawLine(_ line: String, x: Double, size: Double) {
        let height = lineHeight(size)
        writer.text(line, x: x, y: cursor + baselineOffset(size: size, lineHeight: height), size: size)
        cursor += height
    }
}
