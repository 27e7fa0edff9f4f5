/// 老年人能力评估量表: the items of a scale in the standard's order. `gbt42195` is the
/// one in use; the type exists so a record can name the version it was scored with.
public struct AbilityScale: Sendable {
    /// The standard the scale implements, stored with every assessment: scores are not
    /// comparable across versions.
    public let standard: String
    public let items: [AssessmentItem]
    private let index: [String: Int]

    public init(standard: String, items: [AssessmentItem]) {
        self.standard = standard
        self.items = items
        self.index = Dictionary(uniqueKeysWithValues: items.enumerated().map { ($1.code, $0) })
    }

    /// GB/T 42195-2022《老年人能力评估规范》, Annex B: 26 items, total 90.
    public static let gbt42195 = AbilityScale(standard: "GB/T 42195-2022", items: gbt42195Items)

    public func item(_ code: String) -> AssessmentItem? {
        index[code].map { items[$0] }
    }

    public func items(in dimension: AbilityDimension) -> [AssessmentItem] {
        items.filter { $0.dimension == dimension }
    }

    /// The best possible total (90 for GB/T 42195), from the items' options.
    public var maximum: Int { items.reduce(0) { $0 + $1.maximum } }

    /// The best possible score of a dimension, from the items' options.
    public func maximum(of dimension: AbilityDimension) -> Int {
        items(in: dimension).reduce(0) { $0 + $1.maximum }
    }
}
