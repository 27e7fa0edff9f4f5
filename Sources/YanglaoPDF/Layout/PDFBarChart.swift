extension PDFFlow {
    /// Horizontal bars, one row each: the label on the left, a black bar as long as the value
    /// is against the largest, and the value's text after it (readable in black and white).
    public func barChart(_ bars: [(label: String, value: Double, text: String)], size: Double = 10) {
        let row = lineHeight(size) + 2
        let labelWidth = min(textWidth * 0.3, (bars.map { font.width(of: $0.label, size: size) }.max() ?? 0) + 8)
        let area = textWidth - labelWidth - 70
        let top = bars.map(\.value).max() ?? 0
        for bar in bars {
            ensureRoom(row)
            let baseline = cursor + baselineOffset(size: size, lineHeight: row)
            writer.text(bar.label, x: margin + labelWidth - 4 - font.width(of: bar.label, size: size), y: baseline, size: size)
            let length = top > 0 ? max(0, bar.value / top * area) : 0
            if length > 0 { writer.rectangle(x: margin + labelWidth, y: cursor + 2, width: length, height: row - 5, lineWidth: 0, fillGray: 0.15) }
            writer.text(bar.text, x: margin + labelWidth + length + 4, y: baseline, size: size)
            space(row)
        }
        space(size / 2)
    }
}
