import Fluent
import SQLKit
import YanglaoCore

/// A domain's contribution to the cockpit: its figures, defined once over the slots of its
/// tallies, and the tallies themselves. A domain declares its source in its module; the
/// cockpit reads every source the same way and names none.
public protocol FigureSource: Sendable {
    /// Unique among the sources; the figures' keys start with it.
    var name: String { get }
    var layout: SlotLayout { get }
    var figures: [FigureDefinition] { get }
    /// Counts the present state (the register today) rather than flows by month.
    var countsState: Bool { get }
    /// The tallies of every region as they are now, brought up to date first, summed for
    /// every level.
    func tallies(on db: any Database, today: CalendarDate, node: NodeState) async throws -> TallyIndex
}

/// A source whose tallies are counted by region and month and kept in `figure_tallies`
/// (`MonthlyTallies`): a trigger on each of its tables marks the region of every row
/// written, and a read recounts only the marked regions.
public protocol CountedFigureSource: FigureSource {
    /// Tables with a `region_code` column whose writes change the tallies.
    var markedTables: [String] { get }
    /// The tallies of the rows in the given regions' subtrees (every row when nil), keyed by
    /// the row's region and month (`YYYY-MM`).
    func count(within regions: [RegionCode]?, on sql: any SQLDatabase, today: CalendarDate) async throws -> [TallyKey: [Int]]
}

public struct TallyKey: Sendable, Hashable {
    public let region: String
    public let month: String

    public init(region: String, month: String) {
        self.region = region
        self.month = month
    }
}

extension FigureSource {
    public var countsState: Bool { false }
}

extension CountedFigureSource {
    public func tallies(on db: any Database, today: CalendarDate, node: NodeState) async throws -> TallyIndex {
        try await MonthlyTallies.tallies(of: self, on: db, today: today, cache: node.figureTallyCache)
    }
}

extension NodeState {
    private enum FigureSourcesSlot: NodeStateKey { typealias Value = [any FigureSource] }
    private enum FigureTallyCacheSlot: NodeStateKey { typealias Value = FigureTallyCache }

    /// Every domain's figure source, in the order the domains are listed.
    public var figureSources: [any FigureSource]? {
        get { self[FigureSourcesSlot.self] }
        set { self[FigureSourcesSlot.self] = newValue }
    }

    /// This server's copy of the stored tallies.
    public var figureTallyCache: FigureTallyCache? {
        get { self[FigureTallyCacheSlot.self] }
        set { self[FigureTallyCacheSlot.self] = newValue }
    }
}

/// Adds counts into a tally keyed by region and month, for sources' `count`.
public struct TallyCounter: Sendable {
    public let layout: SlotLayout
    public private(set) var tallies: [TallyKey: [Int]] = [:]

    public init(_ layout: SlotLayout) { self.layout = layout }

    public mutating func add(_ n: Int, _ slot: String, region: String, month: String) {
        // A name the layout lacks is a source's mistake, never data: it would leave a figure at 0 without a word.
        assert(layout.slot(slot) != nil, "no slot \(slot) in the layout")
        guard n != 0, let index = layout.slot(slot) else { return }
        tallies[TallyKey(region: region, month: month), default: layout.empty()][index] += n
    }
}
