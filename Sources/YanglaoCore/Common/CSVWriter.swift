import Foundation

/// CSV text for Excel: UTF-8 with a byte-order mark (so Chinese shows), CRLF, fields quoted
/// when needed. The one writer of every CSV the platform hands out.
///
/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is one a spreadsheet
/// may run as a formula (CSV injection), so it is written as text: a leading `'` inside
/// quotes, as OWASP advises. An address typed as `=HYPERLINK(…)` then opens as that text.
public enum CSVWriter {
    public static func data(_ rows: [[String]]) -> Data {
        var out = "\u{FEFF}"
        for row in rows {
            out += row.map(field).joined(separator: ",")
            out += "\r\n"
        }
        return Data(out.utf8)
    }

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
    static let quoted: Set<Unicode.Scalar> = [",", "\"", "\n", "\r"]

    /// One cell as written. (Scalars, not characters: "\r\n" is one Character in Swift.)
    public static func field(_ text: String) -> String {
        let neutral = text.unicodeScalars.first.map(formulaStarts.contains) == true ? "'" + text : text
        let needsQuotes = neutral != text || neutral.unicodeScalars.contains(where: quoted.contains)
        return needsQuotes ? "\"" + neutral.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : neutral
    }
}
