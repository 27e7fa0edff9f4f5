/// A Chinese telephone number: an 11-digit mobile number (`13812345678`) or a landline
/// with its area code (`0393-6996169`). Spaces, dashes, brackets and a +86 prefix are
/// accepted on input and dropped; landlines are stored as `area-local`.
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public enum Problem: Error, Sendable, Equatable {
        case empty
        case character(String)
        /// Neither a mobile number (11 digits starting 13–19) nor a landline with area code.
        case shape(String)
    }

    public init(_ text: String) throws(Problem) {
        var raw = text.trimmingSpaces
        guard !raw.isEmpty else { throw .empty }
        if raw.hasPrefix("+86") { raw.removeFirst(3) }
        var digits = ""
        for c in raw {
            if c.isASCIIDigit { digits.append(c) } else if !" -()（）".contains(c) { throw .character(String(c)) }
        }
        if digits.count == 13, digits.hasPrefix("86"), !raw.hasPrefix("0") { digits.removeFirst(2) }
        let chars = Array(digits)
        if chars.count == 11, chars[0] == "1", ("3"..."9").contains(chars[1]) {
            value = digits
            return
        }
        // Landline: 010 and 02x have 3-digit area codes, all others 4; the local number has 7 or 8 digits.
        if chars.first == "0" {
            let areaLength = digits.hasPrefix("010") || digits.hasPrefix("02") ? 3 : 4
            let local = chars.count - areaLength
            if local == 7 || local == 8, chars[areaLength] != "0", chars[areaLength] != "1" {
                value = String(chars.prefix(areaLength)) + "-" + String(chars.suffix(local))
                return
            }
        }
        throw .shape(text.trimmingSpaces)
    }

    public var masked: String { Masking.phone(value) }
    public var description: String { masked }
}
