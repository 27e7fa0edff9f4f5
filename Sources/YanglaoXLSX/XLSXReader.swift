import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads the first worksheet of an Office Open XML workbook (.xlsx) as rows of text.
/// Shared strings, inline strings, numbers, booleans and dates (numbers whose cell style
/// is a date format) are turned into the text a person sees; gaps between cells (`r="C5"`)
/// are kept as empty cells.
public enum XLSXReader {
    public enum Problem: Error, Sendable, Equatable {
        case notAWorkbook
        case missingPart(String)
        case malformedXML(String)
    }

    public static func rows(of data: Data) throws -> [[String]] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw Problem.notAWorkbook }
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            var out = Data()
            _ = try archive.extract(entry, skipCRC32: false) { out.append($0) }
            return out
        }
        let sheetPath = try firstSheetPath(archive: archive, part: part)
        guard let sheet = try part(sheetPath) else { throw Problem.missingPart(sheetPath) }
        let strings = try part("xl/sharedStrings.xml").map { try SharedStringsParser.parse($0) } ?? []
        let dateStyles = try part("xl/styles.xml").map { try StylesParser.dateStyleIndexes($0) } ?? []
        return try SheetParser.parse(sheet, sharedStrings: strings, dateStyles: dateStyles)
    }

    /// The first sheet named by the workbook, through its relationship; `xl/worksheets/sheet1.xml` when they are absent.
    static func firstSheetPath(archive: Archive, part: (String) throws -> Data?) throws -> String {
        guard let workbook = try part("xl/workbook.xml"), let rels = try part("xl/_rels/workbook.xml.rels") else {
            return "xl/worksheets/sheet1.xml"
        }
        let sheets = try AttributeCollector.collect(workbook, element: "sheet")
        let relations = try AttributeCollector.collect(rels, element: "Relationship")
        guard let first = sheets.first, let rid = first["r:id"] ?? first.first(where: { $0.key.hasSuffix(":id") })?.value,
            let target = relations.first(where: { $0["Id"] == rid })?["Target"]
        else { return "xl/worksheets/sheet1.xml" }
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        return "xl/" + target
    }
}

/// Column letters of a cell reference (`AB12` → 27, zero-based).
func columnIndex(_ reference: String) -> Int? {
    var index = 0
    var seen = false
    for scalar in reference.unicodeScalars {
        guard (65...90).contains(scalar.value) else { break }
        index = index * 26 + Int(scalar.value - 64)
        seen = true
    }
    return seen ? index - 1 : nil
}

/// All attributes of every element with a given name.
final class AttributeCollector: NSObject, XMLParserDelegate {
    let element: String
    var found: [[String: String]] = []

    init(element: String) { self.element = element }

    static func collect(_ data: Data, element: String) throws -> [[String: String]] {
        let collector = AttributeCollector(element: element)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        guard parser.parse() else { throw XLSXReader.Problem.malformedXML(element) }
        return collector.found
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        if name == element { found.append(attributes) }
    }
}

/// `xl/sharedStrings.xml`: each `<si>` is one string, possibly in several rich-text runs.
final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inText = false
    var inPhonetic = false

    static func parse(_ data: Data) throws -> [String] {
        let p = SharedStringsParser()
        let parser = XMLParser(data: data)
        parser.delegate = p
        guard parser.parse() else { throw XLSXReader.Problem.malformedXML("sharedStrings") }
        return p.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true  // phonetic guides are not part of the text
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "t": inText = false
        case "rPh": inPhonetic = false
        case "si": strings.append(current)
        default: break
        }
    }
}

/// `xl/styles.xml`: which cell formats (`cellXfs` positions) show numbers as dates.
final class StylesParser: NSObject, XMLParserDelegate {
    var customDateFormats = Set<Int>()
    var formats: [Int] = []
    var inCellXfs = false

    static let builtInDateFormats = Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58])

    static func dateStyleIndexes(_ data: Data) throws -> Set<Int> {
        let p = StylesParser()
        let parser = XMLParser(data: data)
        parser.delegate = p
        guard parser.parse() else { throw XLSXReader.Problem.malformedXML("styles") }
        return Set(
            p.formats.enumerated().filter { builtInDateFormats.contains($0.element) || p.customDateFormats.contains($0.element) }.map(\.offset))
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"], Self.isDateFormat(code) {
                customDateFormats.insert(id)
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: formats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "cellXfs" { inCellXfs = false }
    }

    /// A format shows a date when it has day/month/year codes outside quoted text and brackets.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false
        var bracket = false
        for c in code.lowercased() {
            switch c {
            case "\"": quoted.toggle()
            case "[": bracket = true
            case "]": bracket = false
            default:
                if !quoted && !bracket && (c == "y" || c == "d" || c == "m") { return true }
            }
        }
        return false
    }
}

/// A worksheet's `<row>`/`<c>`/`<v>` cells as text rows.
final class SheetParser: NSObject, XMLParserDelegate {
    let sharedStrings: [String]
    let dateStyles: Set<Int>
    var rows: [[String]] = []
    var row: [String] = []
    var rowNumber = 0
    var cellColumn = 0
    var cellType = ""
    var cellStyle = 0
    var value = ""
    var inValue = false
    var failure: XLSXReader.Problem?

    init(sharedStrings: [String], dateStyles: Set<Int>) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
    }

    static func parse(_ data: Data, sharedStrings: [String], dateStyles: Set<Int>) throws -> [[String]] {
        let p = SheetParser(sharedStrings: sharedStrings, dateStyles: dateStyles)
        let parser = XMLParser(data: data)
        parser.delegate = p
        guard parser.parse() else { throw XLSXReader.Problem.malformedXML("worksheet") }
        if let failure = p.failure { throw failure }
        return p.rows
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "row":
            let number = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            // Keep empty rows in between, so row numbers in reports match the spreadsheet.
            while rows.count < number - 1 { rows.append([]) }
            rowNumber = number
            row = []
        case "c":
            cellColumn = attributes["r"].flatMap(columnIndex) ?? row.count
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
        case "v", "t": inValue = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue { value += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": inValue = false
        case "c":
            while row.count < cellColumn { row.append("") }
            row.append(text())
        case "row": rows.append(row)
        default: break
        }
    }

    func text() -> String {
        switch cellType {
        case "s":
            guard let i = Int(value), sharedStrings.indices.contains(i) else {
                failure = .malformedXML("shared string \(value)")
                return ""
            }
            return sharedStrings[i]
        case "b": return value == "1" ? "TRUE" : "FALSE"
        case "inlineStr", "str", "e": return value
        default:
            if dateStyles.contains(cellStyle), let serial = Double(value) { return Self.date(fromSerial: serial) }
            return Self.plainNumber(value)
        }
    }

    /// Excel's day number (1900 system, with its phantom 29 February 1900) as YYYY-MM-DD.
    static func date(fromSerial serial: Double) -> String {
        let days = Int(serial.rounded(.down))
        // Serial 25569 is 1970-01-01; serials below 61 are shifted by the phantom leap day.
        let unixDays = days - 25569 + (days < 61 ? 1 : 0)
        let date = Date(timeIntervalSince1970: Double(unixDays) * 86400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let p = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", p.year!, p.month!, p.day!)
    }

    /// A number as a person wrote it: `3.0` stays `3`; long digit strings are not put in exponent form.
    static func plainNumber(_ text: String) -> String {
        if text.hasSuffix(".0") { return String(text.dropLast(2)) }
        if text.contains("E") || text.contains("e"), let d = Double(text), d == d.rounded(), abs(d) < 1e18 {
            return String(Int64(d))
        }
        return text
    }
}
