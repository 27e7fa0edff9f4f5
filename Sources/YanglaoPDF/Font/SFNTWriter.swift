import Foundation

/// Assembles tables into a TrueType file: sorted table directory with binary-search fields,
/// 4-byte aligned tables, per-table checksums and the `head` checkSumAdjustment.
enum SFNTWriter {
    static func file(tables: [String: Data]) -> Data {
        let tags = tables.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var largestPowerOfTwo = 1
        var exponent = 0
        while largestPowerOfTwo * 2 <= tags.count {
            largestPowerOfTwo *= 2
            exponent += 1
        }
        var file = FontDataBuilder()
        file.u32(TableDirectory.trueTypeVersion)
        file.u16(UInt16(tags.count))
        file.u16(UInt16(largestPowerOfTwo * 16))
        file.u16(UInt16(exponent))
        file.u16(UInt16(tags.count * 16 - largestPowerOfTwo * 16))

        var offset = 12 + 16 * tags.count
        var headOffset: Int?
        for tag in tags {
            let table = tables[tag]!
            file.tag(tag)
            file.u32(checksum(table))
            file.u32(UInt32(offset))
            file.u32(UInt32(table.count))
            if tag == "head" { headOffset = offset }
            offset += (table.count + 3) / 4 * 4
        }
        for tag in tags {
            file.append(tables[tag]!)
            file.padToFourBytes()
        }
        var data = file.data
        if let headOffset {
            data.setU32(0xB1B0_AFBA &- checksum(data), at: headOffset + 8)
        }
        return data
    }

    /// The sum of the table as big-endian 32-bit words, zero-padded to a multiple of four bytes.
    static func checksum(_ table: Data) -> UInt32 {
        var sum: UInt32 = 0
        table.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            while index < bytes.count {
                var word: UInt32 = 0
                for byte in 0..<4 {
                    word <<= 8
                    if index + byte < bytes.count { word |= UInt32(bytes[index + byte]) }
                }
                sum &+= word
                index += 4
            }
        }
        return sum
    }
}
