import Foundation

/// How values are spelled in PDF syntax.
enum PDFSyntax {
    /// A real number with at most three decimals, never in exponent form and independent of locale.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let thousandths = Int((min(max(value, -1e9), 1e9) * 1000).rounded())
        let magnitude = abs(thousandths)
        let sign = thousandths < 0 ? "-" : ""
        let whole = magnitude / 1000
        var fraction = magnitude % 1000
        guard fraction != 0 else { return sign + String(whole) }
        var decimals = 3
        while fraction % 10 == 0 {
            fraction /= 10
            decimals -= 1
        }
        let digits = String(fraction)
        return "\(sign)\(whole).\(String(repeating: "0", count: decimals - digits.count))\(digits)"
    }

    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }

    /// A text string (Info dictionary values): UTF-16BE with a byte order mark, as a hex string.
    static func textString(_ text: String) -> String {
        let bytes = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        return "<FEFF" + hex(bytes) + ">"
    }

    /// A date such as `(D:20240131083000Z)`, in UTC.
    static func date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        return "(D:\(parts.year ?? 1970)\(two(parts.month))\(two(parts.day))\(two(parts.hour))\(two(parts.minute))\(two(parts.second))Z)"
    }

    /// A 64-bit FNV-1a hash: a stable fingerprint for subset tags and file identifiers.
    static func fingerprint(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
