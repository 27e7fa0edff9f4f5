import Foundation

/// Charts drawn on the server as SVG, readable printed in black and white: solid bars for
/// the figure, outlined bars for a comparison, values written as text. Every chart has a
/// title and description for screen readers, and the page puts its numbers in a table too.
enum SVGChart {
    /// No links inside: a chart is one image to assistive technology, and the table beside
    /// it carries the links.
    struct Bar {
        let label: String
        let value: Double?
        let text: String
    }

    /// Horizontal bars, one per row (child regions).
    static func bars(title: String, description: String, bars: [Bar], id: String) -> String {
        let labelWidth = 150.0
        let barArea = 380.0
        let row = 24.0
        let width = labelWidth + barArea + 90
        let height = row * Double(max(bars.count, 1)) + 8
        let top = bars.compactMap(\.value).max() ?? 0
        var out = header(id: id, title: title, description: description, width: width, height: height)
        for (i, bar) in bars.enumerated() {
            let y = 4 + row * Double(i)
            let length = top > 0 ? max(0, (bar.value ?? 0) / top * barArea) : 0
            out += """
                <text x="\(labelWidth - 6)" y="\(y + 16)" text-anchor="end" font-size="13">\(escape(clip(bar.label, 10)))</text>\
                <rect x="\(labelWidth)" y="\(y + 3)" width="\(format(length))" height="\(row - 8)" fill="#1f3b5a"/>\
                <text x="\(labelWidth + length + 6)" y="\(y + 16)" font-size="13">\(escape(bar.text))</text>
                """
        }
        return out + "</svg>"
    }

    /// Vertical bars by month: the period's months solid, the same months a year before outlined.
    static func months(
        title: String, description: String, labels: [String], values: [Double?], lastYear: [Double?], legend: (String, String), id: String
    ) -> String {
        let left = 10.0
        let slot = 48.0
        let plot = 150.0
        let width = left * 2 + slot * Double(labels.count)
        let height = plot + 60
        let top = (values + lastYear).compactMap { $0 }.max() ?? 0
        var out = header(id: id, title: title, description: description, width: width, height: height)
        out += """
            <rect x="\(left)" y="4" width="12" height="12" fill="#1f3b5a"/><text x="\(left + 16)" y="15" font-size="12">\(escape(legend.0))</text>\
            <rect x="\(left + 120)" y="4" width="12" height="12" fill="#fff" stroke="#000"/><text x="\(left + 136)" y="15" font-size="12">\(escape(legend.1))</text>
            """
        let base = plot + 24
        out += "<line x1=\"\(left)\" y1=\"\(base)\" x2=\"\(width - left)\" y2=\"\(base)\" stroke=\"#000\"/>"
        for (i, label) in labels.enumerated() {
            let x = left + slot * Double(i)
            func bar(_ value: Double?, dx: Double, solid: Bool) -> String {
                let h = top > 0 ? max(0, (value ?? 0) / top * plot) : 0
                let fill = solid ? "fill=\"#1f3b5a\"" : "fill=\"#fff\" stroke=\"#000\""
                return "<rect x=\"\(format(x + dx))\" y=\"\(format(base - h))\" width=\"16\" height=\"\(format(h))\" \(fill)/>"
            }
            out += bar(lastYear[i], dx: 6, solid: false) + bar(values[i], dx: 24, solid: true)
            out += "<text x=\"\(format(x + slot / 2))\" y=\"\(base + 16)\" text-anchor=\"middle\" font-size=\"12\">\(escape(label))</text>"
        }
        return out + "</svg>"
    }

    static func header(id: String, title: String, description: String, width: Double, height: Double) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="\(id)-t \(id)-d" viewBox="0 0 \(format(width)) \(format(height))" \
        width="100%" style="max-width:\(format(width))px" class="chart" font-family="sans-serif"><title id="\(id)-t">\(escape(title))</title>\
        <desc id="\(id)-d">\(escape(description))</desc>
        """
    }

    static func format(_ v: Double) -> String { String(format: "%.1f", v) }

    static func clip(_ text: String, _ length: Int) -> String { text.count > length ? String(text.prefix(length - 1)) + "…" : text }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
