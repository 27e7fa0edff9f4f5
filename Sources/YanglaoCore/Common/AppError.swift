/// The one error type that crosses layers. The web layer maps `kind` to an HTTP status
/// and `code` to a localized message (catalogue key `error.<code>`, with `arguments`
/// filling `{name}` slots); nothing below the web layer knows about HTTP.
public struct AppError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case invalidInput
        case unauthenticated
        case forbidden
        case notFound
        case conflict
        case rateLimited(retryAfterSeconds: Int)
        /// A request body larger than the endpoint takes.
        case tooLarge
        case unavailable
        case `internal`
    }

    public let kind: Kind
    public let code: String
    public let arguments: [String: String]
    /// The input field at fault, when there is one.
    public let field: String?
    /// Every problem when there are several (a form or a record with many bad fields); the
    /// error itself repeats the first.
    public let details: [AppError]

    public init(_ kind: Kind, _ code: String, field: String? = nil, _ arguments: [String: String] = [:]) {
        self.kind = kind
        self.code = code
        self.field = field
        self.arguments = arguments
        self.details = []
    }

    /// One error that carries all of `problems`; an empty list reads as one unexplained invalid input.
    public init(invalid problems: [AppError]) {
        let first = problems.first ?? AppError(.invalidInput, "body_invalid")
        self.kind = first.kind
        self.code = first.code
        self.field = first.field
        self.arguments = first.arguments
        self.details = problems.count > 1 ? problems : []
    }

    /// Every problem this error reports: its details, or itself.
    public var problems: [AppError] { details.isEmpty ? [self] : details }
}

extension AccountRuleViolation {
    public var appError: AppError {
        switch self {
        case .roleNotAllowedAtLevel(let role, let level):
            AppError(.invalidInput, "role_level_mismatch", field: "regionCode", ["role": role.rawValue, "level": level.rawValue])
        case .usernameInvalid: AppError(.invalidInput, "username_invalid", field: "username")
        case .passwordTooShort(let minimum): AppError(.invalidInput, "password_too_short", field: "password", ["minimum": String(minimum)])
        case .passwordTooWeak: AppError(.invalidInput, "password_too_weak", field: "password")
        case .displayNameInvalid: AppError(.invalidInput, "display_name_invalid", field: "displayName")
        }
    }
}

extension RegionCode.ParseError {
    public func appError(field: String) -> AppError {
        switch self {
        case .wrongLength(let n): AppError(.invalidInput, "region_code_length", field: field, ["length": String(n)])
        case .notDigits: AppError(.invalidInput, "region_code_digits", field: field)
        case .invalidProvince(let p): AppError(.invalidInput, "region_code_province", field: field, ["value": p])
        case .segmentOutOfRange(let segment, let value):
            AppError(.invalidInput, "region_code_segment", field: field, ["segment": segment, "value": value])
        case .missingParentSegment: AppError(.invalidInput, "region_code_gap", field: field)
        }
    }
}

extension ListPage.Problem {
    public var appError: AppError {
        switch self {
        case .pageOutOfRange: AppError(.invalidInput, "page_out_of_range", field: "page")
        case .perOutOfRange(let max): AppError(.invalidInput, "per_out_of_range", field: "per", ["maximum": String(max)])
        }
    }
}
