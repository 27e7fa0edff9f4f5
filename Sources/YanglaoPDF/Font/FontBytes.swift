import Foundation

/// Big-endian, bounds-checked reads from a font file. Offsets are from the start of `data`,
/// whatever `data.startIndex` is.
struct FontBytes: Sendable {
    let data: Data

    var count: Int { data.count }

    func u8(_ offset: Int) throws -> UInt8 {
        try check(offset, 1)
        return data[data.startIndex + offset]
    }

    func u16(_ offset: Int) throws -> UInt16 {
        try check(offset, 2)
        let base = data.startIndex + offset
        return UInt16(data[base]) << 8 | UInt16(data[base + 1])
    }

    func i16(_ offset: Int) throws -> Int16 {
        Int16(bitPattern: try u16(offset))
    }

    func u32(_ offset: Int) throws -> UInt32 {
        try check(offset, 4)
        let base = data.startIndex + offset
        return UInt32(data[base]) << 24 | UInt32(data[base + 1]) << 16 | UInt32(data[base + 2]) << 8 | UInt32(data[base + 3])
    }

    /// A 16.16 fixed-point number.
    func fixed(_ offset: Int) throws -> Double {
        Double(Int32(bitPattern: try u32(offset))) / 65536
    }

    func tag(_ offset: Int) throws -> String {
        try check(offset, 4)
        let base = data.startIndex + offset
        return String(decoding: data[base..<base + 4], as: UTF8.self)
    }

    func slice(_ offset: Int, _ length: Int) throws -> Data {
        try check(offset, length)
        let base = data.startIndex + offset
        return data[base..<base + length]
    }

    private func check(_ offset: Int, _ length: Int) throws {
        guard offset >= 0, length >= 0, offset <= count - length else {
            throw PDFError.malformedFont("read of \(length) bytes at \(offset) is outside the \(count)-byte data")
        }
    }
}

/// Big-endian writes for building font tables.
struct FontDataBuilder {
    private(set) var data = Data()

    mutating func u8(_ value: UInt8) { data.append(value) }
    mutating func u16(_ value: UInt16) {
        data.append(UInt8(value >> 8))
        data.append(UInt8(value & 0xFF))
    }
    mutating func i16(_ value: Int16) { u16(UInt16(bitPattern: value)) }
    mutating func u32(_ value: UInt32) {
        u16(UInt16(value >> 16))
        u16(UInt16(value & 0xFFFF))
    }
    mutating func append(_ bytes: Data) { data.append(bytes) }
    mutating func tag(_ tag: String) { data.append(contentsOf: Array(tag.utf8.prefix(4))) }
    mutating func padToFourBytes() {
        while data.count % 4 != 0 { data.append(0) }
    }
}
