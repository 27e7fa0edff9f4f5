/// How big a demo city to build: `tiny` for tests, `small` for development and the HTTP
/// benchmark, `city` shaped like the whole of Puyang for the scale benchmarks.
public enum DemoSize: String, CaseIterable, Sendable {
    case tiny, small, city

    /// Townships per county as (streets, towns, townships) for the first county; others scale from it.
    var townshipsPerCounty: (streets: Int, towns: Int, townships: Int) {
        switch self {
        case .tiny: (1, 1, 0)
        case .small: (2, 4, 2)
        case .city: (4, 8, 4)
        }
    }

    /// Communities per street, villages per town or township.
    var villagesPerTownship: ClosedRange<Int> {
        switch self {
        case .tiny: 2...2
        case .small: 6...10
        case .city: 25...50
        }
    }
}
