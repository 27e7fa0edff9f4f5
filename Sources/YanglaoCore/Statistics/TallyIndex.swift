/// One stored tally: the counts of one source for one village (or a larger region a source
/// counts at) in one month; `month` is empty for a source that counts the present state.
public struct TallyRow: Sendable, Hashable {
    public let region: String
    public let month: String
    public let counts: [Int]

    public init(region: String, month: String, counts: [Int]) {
        self.region = region
        self.month = month
        self.counts = counts
    }
}

/// A source's tallies summed for one region: over the period, the same period last year,
/// the previous period, by child region over the period, and month by month.
public struct TallySums: Sendable, Equatable {
    public var period: [Int]
    public var lastYear: [Int]
    public var previous: [Int]
    /// Keyed by the child's significant prefix.
    public var byChild: [String: [Int]]
    /// Keyed by `YYYY-MM`.
    public var byMonth: [String: [Int]]
}

/// A source's tallies summed once for every level of the tree: the counts under each
/// region prefix (province, city, county, township, village digits) by month. A region's
/// period, its children and its trend are then read from a few dozen sums instead of from
/// every stored tally of the city, and a changed tally moves only its five prefixes.
public struct TallyIndex: Sendable {
    public let width: Int
    /// Each stored tally as it stands, to take it back out when it changes.
    private var rows: [RowKey: [Int]] = [:]
    /// Keyed by region prefix, then by month (empty for a state row).
    private var sums: [String: [String: [Int]]] = [:]

    private struct RowKey: Hashable {
        let region: String
        let month: String
    }

    private static let prefixLengths = RegionLevel.allCases.map(\.prefixLength)

    public init(width: Int, rows: [TallyRow] = []) {
        self.width = width
        for row in rows { set(row) }
    }

    public var count: Int { rows.count }

    /// Stores `row` in place of the tally of the same region and month; a row of another
    /// width (written under an older layout) is left out.
    public mutating func set(_ row: TallyRow) {
        guard row.counts.count == width else { return }
        let key = RowKey(region: row.region, month: row.month)
        let old = rows.updateValue(row.counts, forKey: key)
        guard old != row.counts else { return }
        for length in Self.prefixLengths where length <= row.region.count {
            let prefix = String(row.region.prefix(length))
            var months = sums.removeValue(forKey: prefix) ?? [:]
            var total = months.removeValue(forKey: row.month) ?? [Int](repeating: 0, count: width)
            for i in 0..<width { total[i] += row.counts[i] - (old?[i] ?? 0) }
            months[row.month] = total
            sums[prefix] = months
        }
    }

    /// The sums of the rows whose region starts with `prefix` (a region's significant
    /// prefix), its `children` (their significant prefixes) over the period, and each month
    /// of `trend`. A state row counts in every period and no month.
    public func sum(prefix: String, children: [String], period: StatPeriod, trend: [CalendarMonth]) -> TallySums {
        let months = sums[prefix] ?? [:]
        func total(_ months: [String: [Int]], _ period: StatPeriod) -> [Int] {
            var out = months[""] ?? [Int](repeating: 0, count: width)
            for month in period.months {
                guard let counts = months[month.description] else { continue }
                for i in 0..<width { out[i] += counts[i] }
            }
            return out
        }
        var byChild: [String: [Int]] = [:]
        for child in children {
            if let childMonths = sums[child] { byChild[child] = total(childMonths, period) }
        }
        var byMonth: [String: [Int]] = [:]
        for month in trend {
            if let counts = months[month.description] { byMonth[month.description] = counts }
        }
        return TallySums(
            period: total(months, period), lastYear: total(months, period.sameLastYear), previous: total(months, period.previous),
            byChild: byChild, byMonth: byMonth)
    }
}
