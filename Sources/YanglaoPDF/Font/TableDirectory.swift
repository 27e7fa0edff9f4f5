/// Where each table of one face lives in the file. In a TrueType Collection the offsets are
/// from the start of the whole file, so faces can share tables.
struct TableDirectory: Sendable {
    struct Record: Sendable {
        let tag: String
        let offset: Int
        let length: Int
    }

    static let trueTypeVersion: UInt32 = 0x0001_0000
    static let appleTrueTypeVersion: UInt32 = 0x7472_7565  // 'true'
    static let cffVersion: UInt32 = 0x4F54_544F  // 'OTTO'

    let sfntVersion: UInt32
    let records: [String: Record]

    /// The offsets of the faces' table directories: several for a `ttcf` collection, `[0]` for a single font.
    static func faceOffsets(in bytes: FontBytes) throws -> [Int] {
        guard try bytes.tag(0) == "ttcf" else { return [0] }
        let faceCount = Int(try bytes.u32(8))
        guard faceCount > 0, faceCount < 10_000 else { throw PDFError.malformedFont("collection claims \(faceCount) faces") }
        return try (0..<faceCount).map { Int(try bytes.u32(12 + 4 * $0)) }
    }

    init(bytes: FontBytes, at offset: Int) throws {
        sfntVersion = try bytes.u32(offset)
        let tableCount = Int(try bytes.u16(offset + 4))
        var records: [String: Record] = [:]
        for index in 0..<tableCount {
            let entry = offset + 12 + 16 * index
            let record = Record(tag: try bytes.tag(entry), offset: Int(try bytes.u32(entry + 8)), length: Int(try bytes.u32(entry + 12)))
            guard record.offset <= bytes.count - record.length else {
                throw PDFError.malformedFont("table '\(record.tag)' runs past the end of the file")
            }
            records[record.tag] = record
        }
        self.records = records
    }

    func table(_ tag: String, in bytes: FontBytes) throws -> FontBytes? {
        guard let record = records[tag] else { return nil }
        return FontBytes(data: try bytes.slice(record.offset, record.length))
    }

    func requiredTable(_ tag: String, in bytes: FontBytes) throws -> FontBytes {
        guard let table = try table(tag, in: bytes) else { throw PDFError.malformedFont("required table '\(tag)' is missing") }
        return table
    }
}
