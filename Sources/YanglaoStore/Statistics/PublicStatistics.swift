import Fluent
import Foundation
import YanglaoCore

/// 统计数据公开: a region's figures for anyone, without an account, as the seeds ask data to be
/// published. Only aggregates leave: every value resting on fewer records than the smallest
/// count in force for the region (`ReportSettings.smallCell`) is hidden, and so is what would
/// let a hidden value be worked back by subtraction (`SmallCells`).
public struct PublicStatistics: Sendable {
    let context: StoreContext

    /// Reads as no account: the cockpit's figures are computed whole, then suppressed here.
    public init(database: any Database, protection: DataProtection, today: CalendarDate, node: NodeState) {
        let reader = Actor(userID: nil, username: "public", role: .inspector, region: nil, address: nil)
        context = StoreContext(database: database, actor: reader, protection: protection, today: today, node: node)
    }

    public struct Figure: Sendable {
        /// The source's name (`people`, `orders`, …), as the cockpit groups its figures.
        public let source: String
        public let definition: FigureDefinition
        /// Nil when hidden or unknown; `hidden` tells which.
        public let value: Double?
        public let hidden: Bool
        public let byChild: [Double?]
        public let hiddenByChild: [Bool]
    }

    public struct Reading: Sendable {
        public let region: RegionModel
        /// From the top of the tree down to this region.
        public let lineage: [RegionModel]
        public let children: [RegionModel]
        public let period: StatPeriod
        public let smallCell: Int
        public let figures: [Figure]
    }

    /// Where the public pages start: the top of the tree, or the first region below it with
    /// more than one region under it (a city's deployment starts at the city, not its province).
    public func start() async throws -> RegionModel? {
        let db = context.database
        var level = try await RegionModel.query(on: db).filter(\.$parentCode == nil).filter(\.$retiredOn == nil).sort(\.$id).all()
        while level.count == 1, let only = level.first {
            let below = try await RegionModel.query(on: db).filter(\.$parentCode == only.id).filter(\.$retiredOn == nil).sort(\.$id).all()
            guard below.count == 1 else { return only }
            level = below
        }
        return level.first
    }

    public func read(_ code: RegionCode, period: StatPeriod) async throws -> Reading {
        let reading = try await CockpitService(context).reading(code, period: period)
        let minimum = try await ReportSettingsService(context).inForce(for: code).smallCell
        // Primary and secondary suppression of the region's own values, part against whole.
        var hidden = Dictionary(uniqueKeysWithValues: reading.figures.map { ($0.definition.key, ($0.support ?? 0) < minimum) })
        let byKey = Dictionary(uniqueKeysWithValues: reading.figures.map { ($0.definition.key, $0) })
        var groups: [String: [CockpitService.FigureReading]] = [:]
        for f in reading.figures { if let whole = f.definition.partOf { groups[whole, default: []].append(f) } }
        for (wholeKey, parts) in groups {
            let whole = byKey[wholeKey].flatMap { hidden[wholeKey] == true ? nil : $0.value }
            let hide = SmallCells.hidden(support: parts.map(\.support), parts: parts.map(\.value), whole: whole, minimum: minimum)
            for (part, isHidden) in zip(parts, hide) where isHidden { hidden[part.definition.key] = true }
        }
        let figures = reading.figures.map { f in
            let ownHidden = hidden[f.definition.key] ?? true
            // The children against the region's value, for every figure.
            let childHidden = SmallCells.hidden(
                support: f.supportByChild, parts: f.byChild, whole: ownHidden ? nil : f.value, minimum: minimum)
            return Figure(
                source: f.source, definition: f.definition, value: ownHidden ? nil : f.value, hidden: ownHidden,
                byChild: zip(f.byChild, childHidden).map { $1 ? nil : $0 }, hiddenByChild: childHidden)
        }
        // The reader has no region: the cockpit's lineage runs from the top of the tree.
        return Reading(
            region: reading.region, lineage: reading.lineage, children: reading.children, period: reading.period, smallCell: minimum, figures: figures
        )
    }
}
