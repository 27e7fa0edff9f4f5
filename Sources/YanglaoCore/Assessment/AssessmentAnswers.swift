/// 评估答案: the score chosen for each item, keyed by item code (`B.1.1`). Within an item
/// each option has its own score, so the score names the option. May be partial while an
/// assessor works through the form; `problems(on:)` says what stops it being scored.
public struct AssessmentAnswers: Sendable, Hashable, Codable {
    public private(set) var scores: [String: Int]

    public init(_ scores: [String: Int] = [:]) {
        self.scores = [:]
        for (code, score) in scores { self[code] = score }
    }

    /// The score of an item; codes are read without surrounding spaces and in upper case (`b.1.1` is `B.1.1`).
    public subscript(code: String) -> Int? {
        get { scores[Self.normalized(code)] }
        set { scores[Self.normalized(code)] = newValue }
    }

    static func normalized(_ code: String) -> String { code.trimmingSpaces.uppercased() }

    /// Every reason these answers cannot be scored on `scale`, in the scale's order: a
    /// missing item, a score no option of the item has, then codes the scale does not know.
    /// Each problem names the item by code and name (`item`, `name`, `nameEn`).
    public func problems(on scale: AbilityScale = .gbt42195) -> [AppError] {
        var problems: [AppError] = []
        for item in scale.items {
            let arguments = ["item": item.code, "name": item.chineseName, "nameEn": item.englishName]
            let field = Self.field(item.code)
            guard let score = scores[item.code] else {
                problems.append(AppError(.invalidInput, "assessment_item_missing", field: field, arguments))
                continue
            }
            if item.option(scoring: score) == nil {
                let allowed = item.options.map(\.score)
                problems.append(
                    AppError(
                        .invalidInput, "assessment_score_invalid", field: field,
                        arguments.merging([
                            "value": String(score), "minimum": String(allowed.min() ?? 0), "maximum": String(allowed.max() ?? 0),
                        ]) { a, _ in a }))
            }
        }
        for code in scores.keys.sorted() where scale.item(code) == nil {
            problems.append(AppError(.invalidInput, "assessment_item_unknown", field: Self.field(code), ["item": code]))
        }
        return problems
    }

    /// The input field an item's answer is reported under, e.g. `answers[B.1.1]`.
    public static func field(_ code: String) -> String { "answers[\(code)]" }

    /// The sum of the valid answers given so far in a dimension: the running subtotal a
    /// form shows while it is being filled in.
    public func runningSubtotal(of dimension: AbilityDimension, on scale: AbilityScale = .gbt42195) -> Int {
        scale.items(in: dimension).reduce(0) { sum, item in
            guard let score = scores[item.code], item.option(scoring: score) != nil else { return sum }
            return sum + score
        }
    }

    /// How many items of a dimension have a valid answer.
    public func answeredCount(of dimension: AbilityDimension, on scale: AbilityScale = .gbt42195) -> Int {
        scale.items(in: dimension).count { item in scores[item.code].flatMap(item.option(scoring:)) != nil }
    }
}
