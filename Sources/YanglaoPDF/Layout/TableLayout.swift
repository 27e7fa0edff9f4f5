/// Column geometry and drawing for `PDFFlow.table`. A row is given as the wrapped lines of each cell.
struct TableLayout {
    let widths: [Double]
    let size: Double
    let lineHeight: Double
    let flow: PDFFlow

    static let horizontalPadding = 4.0
    static let verticalPadding = 3.0
    static let headerGray = 0.9

    init(columns: [(title: String, width: Double)], textWidth: Double, size: Double, flow: PDFFlow) {
        let fractions = columns.map { max($0.width, 0) }
        let total = fractions.reduce(0, +)
        widths = fractions.map { total > 0 ? $0 / total * textWidth : textWidth / Double(columns.count) }
        self.size = size
        lineHeight = size * 1.4
        self.flow = flow
    }

    /// Each cell's lines; missing cells are empty, cells beyond the columns are ignored.
    func wrap(_ cells: [String]) -> [[String]] {
        widths.indices.map { column in
            let text = column < cells.count ? cells[column] : ""
            return flow.wrap(text, size: size, width: widths[column] - 2 * Self.horizontalPadding)
        }
    }

    func height(of row: [[String]]) -> Double {
        Double(max(1, row.map(\.count).max() ?? 1)) * lineHeight + 2 * Self.verticalPadding
    }

    func linesThatFit(in space: Double) -> Int {
        Int(((space - 2 * Self.verticalPadding) / lineHeight).rounded(.down))
    }

    /// Draws the row at the flow's cursor and moves the cursor below it.
    func draw(_ row: [[String]], header: Bool, flow: PDFFlow) {
        let top = flow.cursor
        let rowHeight = height(of: row)
        let baseline = top + Self.verticalPadding + flow.baselineOffset(size: size, lineHeight: lineHeight)
        var x = flow.margin
        for (column, lines) in row.enumerated() {
            let width = widths[column]
            flow.writer.rectangle(x: x, y: top, width: width, height: rowHeight, fillGray: header ? Self.headerGray : nil)
            for (index, line) in lines.enumerated() {
                let inset =
                    header
                    ? (width - flow.font.width(of: line, size: size)) / 2
                    : Self.horizontalPadding
                flow.writer.text(line, x: x + inset, y: baseline + Double(index) * lineHeight, size: size)
            }
            x += width
        }
        flow.advance(by: rowHeight)
    }
}
