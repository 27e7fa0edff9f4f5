/// One "label：value" cell of `PDFFlow.keyValues`: the value wraps in the space right of the
/// label, unless the label takes more than half the cell, when label and value wrap together.
struct KeyValueCell {
    let label: String
    let labelWidth: Double
    let lines: [String]
    let size: Double

    init(label: String, value: String, width: Double, size: Double, flow: PDFFlow) {
        let label = label + "："
        let labelWidth = flow.font.width(of: label, size: size)
        self.size = size
        if labelWidth <= width / 2 {
            self.label = label
            self.labelWidth = labelWidth
            lines = flow.wrap(value, size: size, width: width - labelWidth)
        } else {
            self.label = ""
            self.labelWidth = 0
            lines = flow.wrap(label + value, size: size, width: width)
        }
    }

    var lineCount: Int { max(1, lines.count) }

    func draw(x: Double, top: Double, flow: PDFFlow) {
        let height = flow.lineHeight(size)
        let baseline = top + flow.baselineOffset(size: size, lineHeight: height)
        if !label.isEmpty { flow.writer.text(label, x: x, y: baseline, size: size) }
        for (index, line) in lines.enumerated() {
            flow.writer.text(line, x: x + labelWidth, y: baseline + Double(index) * height, size: size)
        }
    }
}
