import Fluent
import Foundation
import YanglaoCore

/// 驾驶舱: every domain's figures for one region and period, computed the same way for every
/// level from the sources' tallies: the value, the same period last year, the previous
/// period, each child region's value, and the months before.
public struct CockpitService: Sendable {
    public let context: StoreContext

    public init(_ context: StoreContext) {
        self.context = context
    }

    public struct Reading: Sendable {
        public let region: RegionModel
        /// From the actor's own region down to this one.
        public let lineage: [RegionModel]
        public let children: [RegionModel]
        public let period: StatPeriod
        public let trend: [CalendarMonth]
        public let population: PopulationFigures?
        public let figures: [FigureReading]

        public func figure(_ key: String) -> FigureReading? { figures.first { $0.definition.key == key } }
    }

    public struct FigureReading: Sendable {
        public let source: String
        public let definition: FigureDefinition
        /// Counts the present state (people in the register today) rather than a period's flow.
        public let isState: Bool
        public let value: Double?
        public let lastYear: Double?
        public let previous: Double?
        /// In the order of `Reading.children`.
        public let byChild: [Double?]
        /// In the order of `Reading.trend`; empty for a state.
        public let byMonth: [Double?]
        public let byMonthLastYear: [Double?]
        /// The count of records the period's value rests on (`FigureDefinition.support`), and each child's.
        public let support: Int?
        public let supportByChild: [Int?]
    }

    var sources: [any FigureSource] { context.node.figureSources ?? [] }

    /// The figures of `code`'s subtree for `period`; the trend covers the twelve months up to
    /// the period's last.
    public func read(_ code: RegionCode, period: StatPeriod) async throws -> Reading {
        guard context.actor.role.canReadStatistics else { throw AppError(.forbidden, "statistics_forbidden") }
        do { try context.scoped.authorize(code) } catch { throw AppError(.forbidden, "region_forbidden", field: "region", ["code": code.value]) }
        return try await reading(code, period: period)
    }

    /// The figures without the actor's checks: `read` checks first, the public page
    /// (`PublicStatistics`) publishes only what small-cell suppression leaves.
    func reading(_ code: RegionCode, period: StatPeriod) async throws -> Reading {
        let db = context.database
        guard let region = try await RegionModel.find(code.value, on: db) else { throw AppError(.notFound, "region_not_found", ["code": code.value]) }
        let children = try await RegionModel.query(on: db).filter(\.$parentCode == code.value).filter(\.$retiredOn == nil).sort(\.$id).all()
        let lineage = try await self.lineage(of: region)
        var trend = [period.last]
        while trend.count < 12 { trend.insert(trend[0].previous, at: 0) }
        let lastYearTrend = trend.map { CalendarMonth(year: $0.year - 1, month: $0.month)! }
        let population = PopulationService(context)
        let own = try await population.latest(of: code)?.figures
        var childPopulation: [PopulationFigures?] = []
        for child in children { childPopulation.append(try await population.latest(of: child.code)?.figures) }
        let childPrefixes = children.map(\.code.significantPrefix)
        var readings: [FigureReading] = []
        for source in sources {
            let tallies = try await source.tallies(on: db, today: context.today, node: context.node)
            let layout = source.layout
            let sums = tallies.sum(prefix: code.significantPrefix, children: childPrefixes, period: period, trend: trend + lastYearTrend)
            let isState = source.countsState
            for figure in source.figures {
                let value = { (counts: [Int]?, population: PopulationFigures?) -> Double? in
                    figure.value(counts ?? layout.empty(), layout, population: population)
                }
                let support = { (counts: [Int]?) -> Int? in figure.support(counts ?? layout.empty(), layout) }
                let childCounts = childPrefixes.map { sums.byChild[$0] }
                readings.append(
                    FigureReading(
                        source: source.name, definition: figure, isState: isState,
                        value: value(sums.period, own),
                        lastYear: isState ? nil : value(sums.lastYear, own),
                        previous: isState ? nil : value(sums.previous, own),
                        byChild: childCounts.enumerated().map { i, counts in value(counts, childPopulation[i]) },
                        byMonth: isState ? [] : trend.map { value(sums.byMonth[$0.description], own) },
                        byMonthLastYear: isState ? [] : lastYearTrend.map { value(sums.byMonth[$0.description], own) },
                        support: support(sums.period), supportByChild: childCounts.map { support($0) }))
            }
        }
        return Reading(
            region: region, lineage: lineage, children: children, period: period, trend: trend, population: own, figures: readings)
    }

    /// The regions from the actor's own down to `region`.
    func lineage(of region: RegionModel) async throws -> [RegionModel] {
        var chain = [region]
        while let parent = chain[0].code.parent, context.scoped.allows(parent), chain[0].code != context.scoped.root {
            guard let model = try await RegionModel.find(parent.value, on: context.database) else { break }
            chain.insert(model, at: 0)
        }
        return chain
    }
}
