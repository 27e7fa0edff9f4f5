/// A bank account number for payments: 12 to 30 digits (debit cards have 16 to 19, some
/// rural credit accounts more); spaces and dashes as people type them are removed.
public struct BankAccountNumber: Sendable, Hashable {
    public let value: String

    public enum Problem: Error, Equatable {
        case empty, notDigits
        case length(Int)
    }

    public init(_ text: String) throws(Problem) {
        let kept = text.unicodeScalars.filter { $0 != " " && $0 != "-" && $0 != "\u{3000}" }
        guard !kept.isEmpty else { throw .empty }
        guard kept.allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) else { throw .notDigits }
        guard (12...30).contains(kept.count) else { throw .length(kept.count) }
        value = String(String.UnicodeScalarView(kept))
    }

    /// `6222 **** **** 1234` style: the first four and last four digits.
    public var masked: String { String(value.prefix(4)) + String(repeating: "*", count: max(0, value.count - 8)) + String(value.suffix(4)) }

    public static func appError(_ problem: Problem?, field: String) -> AppError {
        switch problem {
        case .length(let n): AppError(.invalidInput, "bank_account_length", field: field, ["length": String(n)])
        case .notDigits: AppError(.invalidInput, "bank_account_digits", field: field)
        case .empty, .none: AppError(.invalidInput, "required", field: field)
        }
    }
}
