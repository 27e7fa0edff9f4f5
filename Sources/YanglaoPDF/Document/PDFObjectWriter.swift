import Foundation

/// Writes numbered objects one after another and remembers their byte offsets for the
/// cross-reference table.
struct PDFObjectWriter {
    private(set) var output = Data()
    private var offsets: [Int: Int] = [:]

    init() {
        // The binary comment tells transfer programs that the file is not plain text.
        output.append(contentsOf: Array("%PDF-1.7\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A])
    }

    mutating func object(_ id: Int, _ body: String) {
        offsets[id] = output.count
        output.append(contentsOf: Array("\(id) 0 obj\n\(body)\nendobj\n".utf8))
    }

    /// A stream object; `entries` are the dictionary entries other than /Length.
    mutating func stream(_ id: Int, entries: String = "", data: Data) {
        offsets[id] = output.count
        let separator = entries.isEmpty ? "" : " "
        output.append(contentsOf: Array("\(id) 0 obj\n<< /Length \(data.count)\(separator)\(entries) >>\nstream\n".utf8))
        output.append(data)
        output.append(contentsOf: Array("\nendstream\nendobj\n".utf8))
    }

    /// Appends the cross-reference table and trailer; objects 1...highest must all have been written.
    mutating func finish(root: Int, info: Int, fileID: String) -> Data {
        let size = (offsets.keys.max() ?? 0) + 1
        let tableOffset = output.count
        var table = "xref\n0 \(size)\n0000000000 65535 f \n"
        for id in 1..<size {
            let offset = offsets[id] ?? 0
            let digits = String(offset)
            table += String(repeating: "0", count: max(0, 10 - digits.count)) + digits
            table += offsets[id] == nil ? " 65535 f \n" : " 00000 n \n"
        }
        table += "trailer\n<< /Size \(size) /Root \(root) 0 R /Info \(info) 0 R /ID [<\(fileID)> <\(fileID)>] >>\n"
        table += "startxref\n\(tableOffset)\n%%EOF\n"
        output.append(contentsOf: Array(table.utf8))
        return output
    }
}
