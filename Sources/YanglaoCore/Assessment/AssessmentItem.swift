/// 二级指标: one of the 26 items of GB/T 42195-2022 Annex B, with its options.
public struct AssessmentItem: Sendable, Hashable, Identifiable {
    /// The standard's number, e.g. `B.1.1`; stable, used as the answer key.
    public let code: String
    public let dimension: AbilityDimension
    /// The short name, e.g. 进食.
    public let chineseName: String
    public let englishName: String
    /// The standard's definition of the item, e.g. 使用适当的器具将食物送入口中并咽下
    /// (B.4.4 and B.4.5 have none).
    public let definition: String?
    /// The standard's 注 under the item, when it has one.
    public let note: String?
    /// Best first (highest score first), as the standard lists them.
    public let options: [AssessmentOption]

    public var id: String { code }

    /// The best score of the item (4 for most, 3, 2 or 1 for some).
    public var maximum: Int { options.map(\.score).max() ?? 0 }

    /// The option with this score, if the item has one.
    public func option(scoring score: Int) -> AssessmentOption? {
        options.first { $0.score == score }
    }

    public init(
        code: String, dimension: AbilityDimension, chineseName: String, englishName: String,
        definition: String?, note: String? = nil, options: [AssessmentOption]
    ) {
        self.code = code
        self.dimension = dimension
        self.chineseName = chineseName
        self.englishName = englishName
        self.definition = definition
        self.note = note
        self.options = options
    }
}

/// One answer an assessor can choose for an item: its score and the standard's text.
/// Within an item every option has its own score, so the score identifies the option.
public struct AssessmentOption: Sendable, Hashable {
    public let score: Int
    public let text: String

    public init(_ score: Int, _ text: String) {
        self.score = score
        self.text = text
    }
}
