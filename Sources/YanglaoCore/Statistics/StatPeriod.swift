/// The period a cockpit figure is read for: a month, a quarter or a year (统计期).
public struct StatPeriod: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case month, quarter, year
    }

    public let kind: Kind
    /// The period's first month.
    public let first: CalendarMonth

    public init(_ kind: Kind, containing month: CalendarMonth) {
        self.kind = kind
        switch kind {
        case .month: first = month
        case .quarter: first = CalendarMonth(year: month.year, month: (month.month - 1) / 3 * 3 + 1)!
        case .year: first = CalendarMonth(year: month.year, month: 1)!
        }
    }

    /// `2026-11`, `2026-Q4` or `2026`; nil for anything else.
    public init?(_ text: String) {
        if let month = CalendarMonth(text) {
            self.init(.month, containing: month)
        } else if text.count == 7, text.dropFirst(4).hasPrefix("-Q"), let year = Int(text.prefix(4)), let q = Int(text.suffix(1)),
            (1...4).contains(q),
            let month = CalendarMonth(year: year, month: q * 3 - 2)
        {
            self.init(.quarter, containing: month)
        } else if text.count == 4, let year = Int(text), let month = CalendarMonth(year: year, month: 1) {
            self.init(.year, containing: month)
        } else {
            return nil
        }
    }

    public var length: Int {
        switch kind {
        case .month: 1
        case .quarter: 3
        case .year: 12
        }
    }

    public var months: [CalendarMonth] {
        var out = [first]
        while out.count < length { out.append(out[out.count - 1].next) }
        return out
    }

    public var last: CalendarMonth { months[length - 1] }

    /// The same period a year before (同期).
    public var sameLastYear: StatPeriod { StatPeriod(kind, containing: CalendarMonth(year: first.year - 1, month: first.month)!) }

    /// The period just before (上期, 环比).
    public var previous: StatPeriod { StatPeriod(kind, containing: first.previous) }

    public var description: String {
        switch kind {
        case .month: first.description
        case .quarter: "\(first.year)-Q\((first.month - 1) / 3 + 1)"
        case .year: String(first.year)
        }
    }

    /// `2026年11月`, `2026年第4季度`, `2026年`.
    public var chineseName: String {
        switch kind {
        case .month: "\(first.year)年\(first.month)月"
        case .quarter: "\(first.year)年第\((first.month - 1) / 3 + 1)季度"
        case .year: "\(first.year)年"
        }
    }
}
