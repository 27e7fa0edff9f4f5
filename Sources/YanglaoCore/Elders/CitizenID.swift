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
    public init(_ text: String, today: CalendarDate) throws(Problem) {
        let raw = text.trimmingSpaces.uppercased()
        guard !raw.isEmpty else { throw .empty }
        let chars = Array(raw)
        guard chars.count == 18 || chars.count == 15 else { throw .length(chars.count) }
        for (i, c) in chars.enumerated() where !c.isASCIIDigit {
            let mayBeX = chars.count == 18 && i == 17 && c == "X"
            if !mayBeX { throw .character(position: i + 1, found: String(c)) }
        }
        let province = String(chars[0..<2])
        guard Self.provinces.contains(province) else { throw .province(province) }

        let legacy = chars.count == 15
        // A 15-digit number has a 2-digit year of the 1900s and no check character.
        let dateText = legacy ? "19" + String(chars[6..<12]) : String(chars[6..<14])
        guard let y = Int(dateText.prefix(4)), let m = Int(dateText.dropFirst(4).prefix(2)), let d = Int(dateText.suffix(2)),
              let birth = CalendarDate(year: y, month: m, day: d), y >= 1880 else { throw .birthDate(dateText) }
        guard birth <= today else { throw .birthDateInFuture(birth) }

        let body = legacy ? String(chars[0..<6]) + dateText + String(chars[12..<15]) : String(chars[0..<17])
        let expected = Self.checkCharacter(for: body)
        if !legacy, chars[17] != expected {
            throw .checkCharacter(expected: String(expected), found: String(chars[17]))
        }
        value = body + String(expected)
        birthDate = birth
        sex = Array(body)[16].wholeNumberValue! % 2 == 1 ? .male : .female
        upgradedFromLegacy = legacy
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
