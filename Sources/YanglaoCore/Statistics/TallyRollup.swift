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
public struct TallySums: Sendable {
    public var period: [Int]
    public var lastYear: [Int]
    public var previous: [Int]
    /// Keyed by the child's significant prefix.
    public var byChild: [String: [Int]]
    /// Keyed by `YYYY-MM`.
    public var byMonth: [String: [Int]]
}

public enum TallyRollup {
    /// Sums the rows under `prefix` (a region's significant prefix); children are the rows'
    /// first `childWidth` digits. `trend` lists the months to sum one by one. A state row
    /// (empty month) counts in every period and month.
    public static func sum(
        _ rows: [TallyRow], width: Int, prefix: String, childWidth: Int, period: StatPeriod, trend: [CalendarMonth]
    ) -> TallySums {
        let inPeriod = Set(period.months.map(\.description))
        let inLastYear = Set(period.sameLastYear.months.map(\.description))
        let inPrevious = Set(period.previous.months.map(\.description))
        let inTrend = Set(trend.map(\.description))
        var sums = TallySums(
            period: [Int](repeating: 0, count: width), lastYear: [Int](repeating: 0, count: width),
            previous: [Int](repeating: 0, count: width), byChild: [:], byMonth: [:])
        func add(_ counts: [Int], to target: inout [Int]) {
            for i in 0..<width { target[i] += counts[i] }
        }
        for row in rows where row.region.hasPrefix(prefix) && row.counts.count == width {
            let state = row.month.isEmpty
            if state || inPeriod.contains(row.month) {
                add(row.counts, to: &sums.period)
                add(row.counts, to: &sums.byChild[String(row.region.prefix(childWidth)), default: [Int](repeating: 0, count: width)])
            }
            if state || inLastYear.contains(row.month) { add(row.counts, to: &sums.lastYear) }
            if state || inPrevious.contains(row.month) { add(row.counts, to: &sums.previous) }
            if !state && inTrend.contains(row.month) {
                add(row.counts, to: &sums.byMonth[row.month, default: [Int](repeating: 0, count: width)])
            }
        }
        return sums
    }
}
