/// 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit
/// sequence (odd = male), and an ISO 7064 MOD 11-2 check character. The register's
/// natural key: one person per number in the whole system.
public struct CitizenID: Sendable, Hashable, CustomStringConvertible {
    /// The normalised 18-character number (upper-case X).
    public let value: String
    public let birthDate: CalendarDate
    public let sex: Sex
    /// True when the input was a 15-digit legacy number upgraded to 18.
    public let upgradedFromLegacy: Bool

    /// What is wrong with a number, precisely enough to tell the person entering it.
    public enum Problem: Error, Sendable, Equatable {
        case empty
        /// Neither 18 nor 15 characters long.
        case length(Int)
        /// A character that may not stand at this 1-based position.
        case character(position: Int, found: String)
        /// The first two digits are not a province-level code.
        case province(String)
        /// The eight birth-date digits are not a real day.
        case birthDate(String)
        case birthDateInFuture(CalendarDate)
        case checkCharacter(expected: String, found: String)
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]
    /// Province-level codes of GB/T 2260, plus 81–83 used by residence permits of Hong Kong, Macao and Taiwan residents.
    static let provinces: Set<String> = [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82", "83",
    ]

    /// The check character for the first 17 digits.
    public static func checkCharacter(for body: some StringProtocol) -> Character {
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// Validates `text` (surrounding spaces ignored, lower-case x accepted) as of `today`.
    /// Works on the ASCII bytes: an import checks millions of numbers.
    public init(_ text: String, today: CalendarDate) throws(Problem) {
        let raw = text.trimmingSpaces
        guard !raw.isEmpty else { throw .empty }
        var chars = Array(raw.utf8)
        guard chars.allSatisfy({ $0 < 0x80 }) else { throw Self.nonASCIIProblem(raw) }
        for i in chars.indices where (0x61...0x7A).contains(chars[i]) { chars[i] -= 0x20 }
        guard chars.count == 18 || chars.count == 15 else { throw .length(chars.count) }
        func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }
        for (i, c) in chars.enumerated() where !isDigit(c) {
            let mayBeX = chars.count == 18 && i == 17 && c == UInt8(ascii: "X")
            if !mayBeX { throw .character(position: i + 1, found: String(UnicodeScalar(c))) }
        }
        let province = String(decoding: chars[0..<2], as: UTF8.self)
        guard Self.provinces.contains(province) else { throw .province(province) }

        let legacy = chars.count == 15
        // A 15-digit number has a 2-digit year of the 1900s and no check character.
        let body = legacy ? Array(chars[0..<6]) + Array("19".utf8) + Array(chars[6..<15]) : Array(chars[0..<17])
        func number(_ range: Range<Int>) -> Int { body[range].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        guard let birth = CalendarDate(year: number(6..<10), month: number(10..<12), day: number(12..<14)), birth.year >= 1880 else {
            throw .birthDate(String(decoding: body[6..<14], as: UTF8.self))
        }
        guard birth <= today else { throw .birthDateInFuture(birth) }

        let sum = zip(body, Self.weights).reduce(0) { $0 + Int($1.0 - 0x30) * $1.1 }
        let expected = Self.checkBytes[sum % 11]
        if !legacy, chars[17] != expected {
            throw .checkCharacter(expected: String(UnicodeScalar(expected)), found: String(UnicodeScalar(chars[17])))
        }
        value = String(decoding: body + [expected], as: UTF8.self)
        birthDate = birth
        sex = (body[16] - 0x30) % 2 == 1 ? .male : .female
        upgradedFromLegacy = legacy
    }

    static let checkBytes = checkCharacters.map { $0.asciiValue! }

    /// A number with a non-ASCII character (a full-width digit, a Chinese character): its
    /// length, or the first character that cannot stand where it is.
    static func nonASCIIProblem(_ raw: String) -> Problem {
        let chars = Array(raw.uppercased())
        guard chars.count == 18 || chars.count == 15 else { return .length(chars.count) }
        let position = chars.indices.first { !chars[$0].isASCIIDigit && !(chars.count == 18 && $0 == 17 && chars[$0] == "X") } ?? 0
        return .character(position: position + 1, found: String(chars[position]))
    }

    /// The 6-digit 地址码: the county where the person's household was registered at issue.
    public var addressCode: String { String(value.prefix(6)) }

    /// Masked for lists and exports: `410902********123X`.
    public var masked: String { Masking.citizenID(value) }

    public var description: String { masked }
}

/// 性别.
public enum Sex: String, Sendable, Codable, CaseIterable {
    case male, female
}
