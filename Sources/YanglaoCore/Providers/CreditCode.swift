/// 统一社会信用代码 (GB 32100-2015): the 18-character code on a provider's business licence.
/// Characters from 0–9 and A–Y without I, O, S, V, Z; the last is a check character over the
/// first 17 (weights 3^i mod 31).
public struct CreditCode: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public enum Problem: Error, Sendable, Equatable {
        case empty
        case length(Int)
        case character(String)
        case check(expected: String)
    }

    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    public init(_ text: String) throws(Problem) {
        let code = text.trimmingSpaces.uppercased()
        guard !code.isEmpty else { throw .empty }
        guard code.count == 18 else { throw .length(code.count) }
        var values: [Int] = []
        for c in code {
            guard let v = Self.alphabet.firstIndex(of: c) else { throw .character(String(c)) }
            values.append(v)
        }
        let sum = zip(values.prefix(17), Self.weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = (31 - sum % 31) % 31
        guard values[17] == check else { throw .check(expected: String(Self.alphabet[check])) }
        value = code
    }

    public var description: String { value }

    /// The code made of `body` (17 characters of the alphabet) and its check character.
    public static func completing(_ body: String) -> CreditCode? {
        let values = body.uppercased().compactMap { alphabet.firstIndex(of: $0) }
        guard body.count == 17, values.count == 17 else { return nil }
        let sum = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return try? CreditCode(body.uppercased() + String(alphabet[(31 - sum % 31) % 31]))
    }

    public static func appError(_ problem: Problem, field: String) -> AppError {
        switch problem {
        case .empty: AppError(.invalidInput, "required", field: field)
        case .length(let n): AppError(.invalidInput, "credit_code_length", field: field, ["length": String(n)])
        case .character(let c): AppError(.invalidInput, "credit_code_character", field: field, ["character": c])
        case .check(let expected): AppError(.invalidInput, "credit_code_check", field: field, ["expected": expected])
        }
    }
}
