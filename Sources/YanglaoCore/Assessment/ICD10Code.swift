/// ICD-10 疾病编码, as A.4.1 疾病诊断 records diagnoses (e.g. `F01.1`, `F32`, `I63`). Only
/// the category (letter and two digits) matters to the rules; the subdivision is kept.
public struct ICD10Code: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 3-character category, e.g. `F01`.
    public let category: String
    /// What follows the category, without the dot, e.g. `1` for `F01.1`, `X00` for the
    /// Chinese clinical extension `F03.x00`; empty when there is none.
    public let subdivision: String

    public enum Problem: Error, Sendable, Equatable {
        case empty
        /// Not a letter, two digits and an optional subdivision; carries the input.
        case malformed(String)
    }

    /// Longest subdivision accepted: national clinical extensions (国家临床版) run to
    /// `F03.X00X001`, seven characters and more after the dot.
    static let maxSubdivisionLength = 10

    /// Reads a code written by hand or exported by a hospital system: case, spaces (also
    /// inside), full-width characters (`Ｆ０１．１`), a missing dot (`F011`) and the
    /// dagger/asterisk marks of dual coding (`F00.0*`, `G30†`) are all accepted.
    public init(_ text: String) throws(Problem) {
        var chars: [Character] = []
        for scalar in text.unicodeScalars {
            var s = scalar
            // Full-width ASCII (U+FF01–U+FF5E) to ASCII; U+3000 is a full-width space.
            if (0xFF01...0xFF5E).contains(s.value), let ascii = Unicode.Scalar(s.value - 0xFEE0) { s = ascii }
            if s.properties.isWhitespace || s.value == 0x3000 { continue }
            chars.append(Character(s))
        }
        while let last = chars.last, "*†+".contains(last) { chars.removeLast() }
        guard !chars.isEmpty else { throw .empty }
        let upper = chars.map { $0.isASCII ? Character($0.uppercased()) : $0 }
        guard upper.count >= 3, upper[0].isASCII, upper[0].isLetter, upper[1].isASCIIDigit, upper[2].isASCIIDigit else {
            throw .malformed(text.trimmingSpaces)
        }
        var rest = upper.dropFirst(3)
        if rest.first == "." { rest = rest.dropFirst() }
        guard rest.count <= Self.maxSubdivisionLength, rest.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw .malformed(text.trimmingSpaces)
        }
        category = String(upper[0..<3])
        subdivision = String(rest)
    }

    /// The code in its usual form, `F01.1` or `F32`.
    public var value: String { subdivision.isEmpty ? category : category + "." + subdivision }
    public var description: String { value }

    /// Where the code falls in C.4 rule 2, or nil when it is not a mental disorder at all.
    public var mentalDisorderClass: MentalDisorderClass? {
        guard category.first == "F", let number = Int(category.dropFirst()) else { return nil }
        return number <= 3 ? .dementia : .otherMental
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ICD-10 code: \(text)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// The two groups of diagnoses that C.4 rule 2 names.
public enum MentalDisorderClass: String, Sendable, Codable, CaseIterable {
    /// 痴呆, F00–F03.
    case dementia
    /// 其他精神和行为障碍, F04–F99.
    case otherMental = "other_mental"

    public var chineseName: String {
        switch self {
        case .dementia: "痴呆（F00～F03）"
        case .otherMental: "其他精神和行为障碍（F04～F99）"
        }
    }

    public var englishName: String {
        switch self {
        case .dementia: "dementia (F00–F03)"
        case .otherMental: "other mental and behavioural disorder (F04–F99)"
        }
    }
}

extension ICD10Code.Problem {
    public func appError(field: String) -> AppError {
        switch self {
        case .empty: AppError(.invalidInput, "required", field: field)
        case .malformed(let text): AppError(.invalidInput, "icd10_code_invalid", field: field, ["value": text])
        }
    }
}
