/// A calendar month, `2026-11`.
public struct CalendarMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1900...9999).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    /// `2026-11`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    public init(_ day: CalendarDate) {
        year = day.year
        month = day.month
    }

    public var firstDay: CalendarDate { CalendarDate(year: year, month: month, day: 1)! }
    public var lastDay: CalendarDate { firstDay.addingMonths(1).addingDays(-1) }
    public var previous: CalendarMonth { CalendarMonth(firstDay.addingMonths(-1)) }
    public var next: CalendarMonth { CalendarMonth(firstDay.addingMonths(1)) }
    /// `2026-11`. Built by hand: `String(format:)` cost a sixth of a cockpit read, which names months by the hundred.
    public var description: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + (month < 10 ? "-0" : "-") + String(month)
    }

    public static func < (a: Self, b: Self) -> Bool { (a.year, a.month) < (b.year, b.month) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let m = CalendarMonth(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a month (YYYY-MM): \(text)"))
        }
        self = m
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// When a change of facts (a birthday into a new band, a new category, a new level) first
/// counts. The seeds give no rule; the default is the common one: from the next month, no
/// back-pay.
public enum ChangeTiming: String, Sendable, Codable, CaseIterable {
    /// Facts as they stand on the month's first day: a birthday on the 20th counts next month.
    case nextMonth = "next_month"
    /// Ages as they are on the month's last day: turning 80 on the 20th is paid that month.
    case sameMonth = "same_month"
}

/// How much a subsidy pays a subject for a month, in fen.
public enum AmountRule: Sendable, Hashable, Codable {
    /// The same for everyone eligible.
    case fixed(fen: Int)
    /// By bands of a numeric fact (age, certificate level): the highest band whose `from` the
    /// fact reaches; nothing below the first band.
    case bands(fact: String, bands: [AmountBand])
    /// So much per unit of a numeric fact (m² of floor area, residents, new beds).
    case perUnit(fact: String, fen: Int)

    /// The most one amount may be: 100 000 yuan a month. Larger figures are typing mistakes,
    /// and they could overflow a monthly run's sums.
    public static let maximumFen = 10_000_000

    /// Every amount the rule names.
    public var amountsFen: [Int] {
        switch self {
        case .fixed(let fen), .perUnit(_, let fen): [fen]
        case .bands(_, let bands): bands.map(\.fen)
        }
    }
}

public struct AmountBand: Sendable, Hashable, Codable {
    public var from: Int
    public var fen: Int
    public var label: String

    public init(from: Int, fen: Int, label: String) {
        self.from = from
        self.fen = fen
        self.label = label
    }
}

/// Cash paid to the subject's account, or a service voucher that service orders draw on.
public enum PaymentForm: String, Sendable, Codable, CaseIterable { case cash, voucher }

/// A numeric fact that must reach a minimum (six months in service, a certificate).
public struct FactRequirement: Sendable, Hashable, Codable {
    public var fact: String
    public var atLeast: Int
    public var label: String

    public init(fact: String, atLeast: Int, label: String) {
        self.fact = fact
        self.atLeast = atLeast
        self.label = label
    }
}

/// One subsidy: for whom (a kind of subject and its conditions), how much, from when.
/// Amounts are configuration per region; nothing here is fixed in code.
public struct SubsidyScheme: Sendable, Hashable, Codable, Identifiable {
    public var code: String
    public var name: String
    /// `person`; later `institution`, `facility`, `caregiver`: whatever `SubsidySubject` reports.
    public var subjectKind: String
    /// Conditions on a person (ignored for other subjects).
    public var eligibility: EligibilityCondition?
    public var requirements: [FactRequirement]
    public var amount: AmountRule
    public var timing: ChangeTiming
    public var form: PaymentForm

    public var id: String { code }

    /// The one subject kind a run has subjects for today: people of the register.
    public static let personSubject = "person"
    /// Subject kinds a scheme may name. Institutions, facilities and caregivers come with
    /// their domains; until then a scheme for them is refused instead of silently paying nobody.
    public static let supportedSubjects: Set<String> = [personSubject]

    public init(
        code: String, name: String, subjectKind: String = "person", eligibility: EligibilityCondition? = nil,
        requirements: [FactRequirement] = [], amount: AmountRule, timing: ChangeTiming = .nextMonth, form: PaymentForm = .cash
    ) {
        self.code = code
        self.name = name
        self.subjectKind = subjectKind
        self.eligibility = eligibility
        self.requirements = requirements
        self.amount = amount
        self.timing = timing
        self.form = form
    }
}

extension SubsidyScheme {
    /// The amount rule in words, e.g. "80–89周岁 每月 50 元；90–99周岁 每月 100 元".
    public var amountText: String {
        switch amount {
        case .fixed(let fen): "每月 \(ServiceStandard.yuanText(fen)) 元"
        case .bands(_, let bands):
            bands.sorted { $0.from < $1.from }.map { "\($0.label) 每月 \(ServiceStandard.yuanText($0.fen)) 元" }.joined(separator: "；")
        case .perUnit(let fact, let fen): "每\(fact) \(ServiceStandard.yuanText(fen)) 元/月"
        }
    }
}
