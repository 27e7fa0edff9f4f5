/// 小数抑制: what a published table may show so that no person can be picked out. A value
/// resting on fewer records than the minimum is hidden (primary suppression); where shown
/// parts add up to a shown whole, one hidden part could be worked back by subtraction, so
/// more parts are hidden, smallest first, until at least two are hidden and together they
/// reach the minimum (secondary suppression).
public enum SmallCells {
    /// Which of `parts` to hide. `whole` is the shown total they may add up to (nil: not
    /// shown, or not additive); `support` is each part's count of records (its value for a count).
    public static func hidden(support: [Int?], parts: [Double?], whole: Double?, minimum: Int) -> [Bool] {
        var hide = support.map { ($0 ?? 0) < minimum }
        let known = parts.compactMap { $0 }
        guard let whole, known.count == parts.count, abs(known.reduce(0, +) - whole) < 0.5 else { return hide }
        func hiddenSum() -> Int { zip(hide, support).reduce(0) { $0 + ($1.0 ? ($1.1 ?? 0) : 0) } }
        while hide.contains(true), hide.filter({ $0 }).count < 2 || hiddenSum() < minimum {
            let open = support.indices.filter { !hide[$0] }
            guard let smallest = open.min(by: { (support[$0] ?? 0) < (support[$1] ?? 0) }) else { break }
            hide[smallest] = true
        }
        return hide
    }
}

extension FigureDefinition {
    /// The count of records the value rests on, for `SmallCells`: a count itself, the smaller
    /// of a share's two counts, a mean's number of cases, an amount's `countedBy`. Population
    /// figures are published statistics and rest on everyone. Nil for an amount without a
    /// count: such a value is never published alone.
    public func support(_ counts: [Int], _ layout: SlotLayout) -> Int? {
        func term(_ t: FigureTerm) -> Int {
            switch t {
            case .slots(let names): names.reduce(0) { sum, name in sum + (layout.slot(name).map { counts[$0] } ?? 0) }
            case .prefixed(let prefix): layout.slots(prefixed: prefix).reduce(0) { $0 + counts[$1] }
            case .population: Int.max
            }
        }
        switch formula {
        case .total(let t):
            if let countedBy { return term(countedBy) }
            return unit.isCount ? term(t) : nil
        case .share(let part, let whole): return min(term(part), term(whole))
        case .mean(_, let cases): return term(cases)
        }
    }
}

extension FigureUnit {
    /// A number of people or things, not an amount, a duration or a share.
    public var isCount: Bool { [.people, .orders, .alarms, .items].contains(self) }
}
