/// Which register categories (人员类别) an approved assessment's final level gives:
/// 失能 or 半失能 (see docs/assessment-rules.md for why). A threshold pair, so a region
/// may move the lines but never make a worse level count for less.
public struct DisabilityCategoryMapping: Sendable, Hashable, Codable {
    /// From this level on (and worse) a person is 失能.
    public var disabledFrom: AbilityLevel
    /// From this level on, up to `disabledFrom`, a person is 半失能.
    public var semiDisabledFrom: AbilityLevel

    /// 重度失能 and 完全失能 → 失能; 中度失能 → 半失能; 轻度失能 and 能力完好 → neither.
    public init(disabledFrom: AbilityLevel = .severe, semiDisabledFrom: AbilityLevel = .moderate) {
        self.disabledFrom = disabledFrom
        self.semiDisabledFrom = min(semiDisabledFrom, disabledFrom)
    }

    public static let standard = DisabilityCategoryMapping()

    /// The categories an assessment decides: a newly approved result ends whichever of
    /// these it does not give.
    public static let assessedCategories: [ElderCategory] = [.disabled, .semiDisabled]

    /// The categories `level` gives: `[.disabled]`, `[.semiDisabled]` or none.
    public func categories(for level: AbilityLevel) -> [ElderCategory] {
        if level >= disabledFrom { return [.disabled] }
        if level >= semiDisabledFrom { return [.semiDisabled] }
        return []
    }
}

extension AbilityLevel {
    /// The register categories this final level gives under `mapping`.
    public func registerCategories(_ mapping: DisabilityCategoryMapping = .standard) -> [ElderCategory] {
        mapping.categories(for: self)
    }
}
