/// What changed between two months' payments (or two computations of one month).
public struct SubsidyChange: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case new, stopped, changed }

    public let kind: Kind
    public let scheme: String
    public let subjectKey: String
    public let beforeFen: Int?
    public let afterFen: Int?
    /// Why: the explanation of the new payment, or why the subject is no longer paid.
    public let reason: String
}

extension SubsidyLine {
    /// What a change is about: one scheme for one subject.
    public var changeKey: String { scheme + "|" + subjectKey }
}

public enum SubsidyChanges {
    /// The changes from `before` to `after`, keyed by scheme and subject; `whyStopped` gives
    /// the reason a subject is no longer paid.
    public static func between(
        _ before: [SubsidyLine], _ after: [SubsidyLine],
        whyStopped: (SubsidyLine) -> String
    ) -> [SubsidyChange] {
        let old = Dictionary(before.map { ($0.changeKey, $0) }, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(after.map { ($0.changeKey, $0) }, uniquingKeysWith: { a, _ in a })
        var changes: [SubsidyChange] = []
        for line in after {
            if let was = old[line.changeKey] {
                if was.fen != line.fen || was.form != line.form {
                    changes.append(
                        SubsidyChange(
                            kind: .changed, scheme: line.scheme, subjectKey: line.subjectKey, beforeFen: was.fen,
                            afterFen: line.fen, reason: line.explanation))
                }
            } else {
                changes.append(
                    SubsidyChange(
                        kind: .new, scheme: line.scheme, subjectKey: line.subjectKey, beforeFen: nil,
                        afterFen: line.fen, reason: line.explanation))
            }
        }
        for line in before where new[line.changeKey] == nil {
            changes.append(
                SubsidyChange(
                    kind: .stopped, scheme: line.scheme, subjectKey: line.subjectKey, beforeFen: line.fen,
                    afterFen: nil, reason: whyStopped(line)))
        }
        return changes
    }
}

/// Example schemes for the demo city. The seeds give no amounts for these subsidies: EVERY
/// FIGURE HERE IS AN EXAMPLE VALUE, to be replaced by the region's own configuration.
public enum ExampleSubsidySchemes {
    public static let label = "示例配置（金额为示例值，须按本地政策配置）"
    static let poor: [ElderCategory] = [.extremePoverty, .minimumLiving, .lowIncome]

    /// 华龙区 pays the 高龄津贴 of its own service list (60 yuan from 80, not the city's 50).
    public static let county: [SubsidyScheme] = person.map { scheme in
        guard scheme.code == "advanced_age_allowance", case .bands(let fact, var bands) = scheme.amount else { return scheme }
        bands[0].fen = 6_000
        var raised = scheme
        raised.amount = .bands(fact: fact, bands: bands)
        return raised
    }

    public static let person: [SubsidyScheme] = [
        SubsidyScheme(
            code: "advanced_age_allowance", name: "高龄津贴",
            eligibility: .all([.inRegister, .localHousehold, .ageAtLeast(80)]),
            amount: .bands(
                fact: "age",
                bands: [
                    AmountBand(from: 80, fen: 5_000, label: "80–89周岁"),
                    AmountBand(from: 90, fen: 10_000, label: "90–99周岁"),
                    AmountBand(from: 100, fen: 30_000, label: "100周岁及以上"),
                ])),
        SubsidyScheme(
            code: "poverty_service_subsidy", name: "经济困难老年人养老服务补贴",
            eligibility: .all([.inRegister, .anyCategory([.extremePoverty, .minimumLiving])]), amount: .fixed(fen: 10_000)),
        SubsidyScheme(
            code: "disability_care_subsidy", name: "失能老年人护理补贴",
            eligibility: .all([.inRegister, .anyCategory(poor), .abilityAtLeast(.severe)]), amount: .fixed(fen: 15_000)),
        SubsidyScheme(
            code: "home_care_voucher", name: "居家养老服务券",
            eligibility: .all([.inRegister, .anyCategory(poor), .abilityAtLeast(.moderate)]), amount: .fixed(fen: 20_000), form: .voucher),
    ]
}
