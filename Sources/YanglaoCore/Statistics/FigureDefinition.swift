/// What a figure is made of: slots of its source's tally, or a population figure.
public enum FigureTerm: Sendable, Hashable {
    /// The sum of the named slots.
    case slots([String])
    /// The sum of every slot whose name starts with the prefix.
    case prefixed(String)
    /// A population figure of the region (统计人口), when it is known.
    case population(PopulationField)

    public static func slot(_ name: String) -> FigureTerm { .slots([name]) }
}

public enum PopulationField: String, Sendable, Hashable {
    case residents
    case aged60
    case aged65
    case aged80

    func value(in figures: PopulationFigures) -> Int? {
        switch self {
        case .residents: figures.residents
        case .aged60: figures.aged60
        case .aged65: figures.aged65
        case .aged80: figures.aged80
        }
    }
}

/// How a figure's value follows from its terms.
public enum FigureFormula: Sendable, Hashable {
    /// A count or an amount.
    case total(FigureTerm)
    /// A share of a whole, 0…1 (rates: enrolment, completion, within 60 s).
    case share(FigureTerm, of: FigureTerm)
    /// An average: a sum over a count (seconds per order, stars per rating).
    case mean(FigureTerm, per: FigureTerm)
}

/// How a value is written.
public enum FigureUnit: String, Sendable, Hashable {
    case people
    case orders
    case alarms
    case items
    case share
    /// A duration kept in seconds, written in minutes.
    case minutes
    /// A duration kept in seconds, written in seconds.
    case seconds
    /// An amount kept in fen, written in yuan.
    case yuan
    case stars
}

/// Where the rows behind a figure are listed: a console list with the filter that selects
/// them. The cockpit adds the region (and, for a flow, the period's dates).
public struct FigureDrill: Sendable, Hashable {
    public let path: String
    public let query: [String: String]
    /// The query names of the list's region and, for flows, its first and last day.
    public let regionParameter: String
    public let fromParameter: String?
    public let toParameter: String?

    public init(
        _ path: String, _ query: [String: String] = [:], region: String = "region", from: String? = nil, to: String? = nil
    ) {
        self.path = path
        self.query = query
        regionParameter = region
        fromParameter = from
        toParameter = to
    }
}

/// One figure of the cockpit, defined once by the domain it belongs to and computed the
/// same way for every region.
public struct FigureDefinition: Sendable, Hashable {
    /// `orders.completed`: unique over all sources; its label is the catalogue key
    /// `figure_` + the key with dots as underscores.
    public let key: String
    public let formula: FigureFormula
    public let unit: FigureUnit
    /// Shown among the headline tiles.
    public let headline: Bool
    /// Higher is better (true), lower is better (false), or neither (nil): the monthly
    /// report's ranking reads it.
    public let higherIsBetter: Bool?
    public let drill: FigureDrill?
    /// The catalogue key of its label.
    public let labelKey: String
    /// The figure this one is a part of (a service type of all orders): the page shows its share.
    public let partOf: String?
    /// Written after the label as it is, in every locale (an age band's `60-64`).
    public let labelDetail: String?
    /// For an amount: the count of records it adds up (payments for a sum paid), which the
    /// public page needs before it shows the amount (`SmallCells`).
    public let countedBy: FigureTerm?

    public init(
        _ key: String, _ formula: FigureFormula, unit: FigureUnit, headline: Bool = false, higherIsBetter: Bool? = nil,
        drill: FigureDrill? = nil, label: String? = nil, partOf: String? = nil, labelDetail: String? = nil,
        countedBy: FigureTerm? = nil
    ) {
        self.key = key
        self.labelKey = label ?? "figure_" + key.replacingOccurrences(of: ".", with: "_")
        self.partOf = partOf
        self.labelDetail = labelDetail
        self.countedBy = countedBy
        self.formula = formula
        self.unit = unit
        self.headline = headline
        self.higherIsBetter = higherIsBetter
        self.drill = drill
    }

    /// The value for summed `counts` of `layout`, and the region's population when known;
    /// nil when a term is unknown or a share or mean has nothing to divide by.
    public func value(_ counts: [Int], _ layout: SlotLayout, population: PopulationFigures?) -> Double? {
        func term(_ t: FigureTerm) -> Int? {
            switch t {
            case .slots(let names):
                return names.reduce(0) { sum, name in sum + (layout.slot(name).map { counts[$0] } ?? 0) }
            case .prefixed(let prefix):
                return layout.slots(prefixed: prefix).reduce(0) { $0 + counts[$1] }
            case .population(let field):
                return population.flatMap { field.value(in: $0) }
            }
        }
        switch formula {
        case .total(let t):
            return term(t).map(Double.init)
        case .share(let part, let whole), .mean(let part, let whole):
            guard let p = term(part), let w = term(whole), w > 0 else { return nil }
            return Double(p) / Double(w)
        }
    }

    /// The slots the formula reads (population terms aside).
    public func slots(in layout: SlotLayout) -> [Int] {
        func term(_ t: FigureTerm) -> [Int] {
            switch t {
            case .slots(let names): names.compactMap(layout.slot)
            case .prefixed(let prefix): layout.slots(prefixed: prefix)
            case .population: []
            }
        }
        switch formula {
        case .total(let t): return term(t)
        case .share(let a, let b), .mean(let a, let b): return term(a) + term(b)
        }
    }

    /// Whether the formula divides by the region's population.
    public var needsPopulation: Bool {
        func term(_ t: FigureTerm) -> Bool { if case .population = t { true } else { false } }
        switch formula {
        case .total(let t): return term(t)
        case .share(let a, let b), .mean(let a, let b): return term(a) || term(b)
        }
    }
}

extension FigureUnit {
    /// The value as a page or a report writes it: counts whole, shares in per cent with one
    /// decimal, durations in minutes or seconds, amounts in yuan with two decimals.
    public func text(_ value: Double?) -> String {
        guard let value else { return "—" }
        switch self {
        case .people, .orders, .alarms, .items: return String(Int(value.rounded()))
        case .share: return String(format: "%.1f%%", value * 100)
        case .minutes: return String(format: "%.1f", value / 60)
        case .seconds: return String(Int(value.rounded()))
        case .yuan: return String(format: "%.2f", value / 100)
        case .stars: return String(format: "%.2f", value)
        }
    }

    /// The number a spreadsheet cell holds: what `text` writes, as a number.
    public func number(_ value: Double?) -> Double? {
        guard let value else { return nil }
        switch self {
        case .people, .orders, .alarms, .items, .seconds: return value.rounded()
        case .share: return (value * 1000).rounded() / 10
        case .minutes: return (value / 6).rounded() / 10
        case .yuan: return value.rounded() / 100
        case .stars: return (value * 100).rounded() / 100
        }
    }
}
