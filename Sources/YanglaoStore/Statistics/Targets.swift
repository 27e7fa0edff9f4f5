import Fluent
import Foundation
import YanglaoCore

/// 任务清单: a region's targets for a year — a figure, the value to reach, the deadline and
/// the responsible unit (责任单位). A target on a cockpit figure reads its progress live;
/// one on something the platform does not count yet (facilities, beds) is reported by hand,
/// with its evidence.
public final class TargetModel: Model, RegionOwned, @unchecked Sendable {
    public static let schema = "targets"
    public static let regionField: FieldKey = "region_code"

    @ID(key: .id) public var id: UUID?
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "year") public var year: Int
    @Field(key: "title") public var title: String
    /// A cockpit figure's key; nil for a target reported by hand.
    @OptionalField(key: "figure") public var figure: String?
    /// How a hand-reported value is written: `items` (个、张、家) or `share` (per cent).
    @Field(key: "unit") public var unit: String
    @Field(key: "target_value") public var targetValue: Double
    @Field(key: "deadline") public var deadline: String
    @Field(key: "responsible_unit") public var responsibleUnit: String
    @OptionalField(key: "reported_value") public var reportedValue: Double?
    @OptionalField(key: "evidence") public var evidence: String?
    @OptionalField(key: "reported_by") public var reportedBy: String?
    @OptionalField(key: "reported_at") public var reportedAt: Date?
    @Field(key: "created_by") public var createdBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public var region: RegionCode { RegionCode(validated: regionCode) }
    public var deadlineDate: CalendarDate { CalendarDate(deadline)! }
}

struct CreateTargets: TableMigration {
    let tables = [TargetModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(TargetModel.schema)
            .id()
            .field("region_code", .string, .required)
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("figure", .string)
            .field("unit", .string, .required)
            .field("target_value", .double, .required)
            .field("deadline", .string, .required)
            .field("responsible_unit", .string, .required)
            .field("reported_value", .double)
            .field("evidence", .string)
            .field("reported_by", .string)
            .field("reported_at", .datetime)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.index(on: TargetModel.schema, named: "targets_region_year", columns: ["region_code", "year"])
    }
}

/// What a new target says.
public struct TargetInput: Sendable, Codable {
    public var year: Int
    public var title: String
    public var figure: String?
    public var unit: String?
    public var targetValue: Double
    public var deadline: String
    public var responsibleUnit: String

    public init(year: Int, title: String, figure: String?, unit: String?, targetValue: Double, deadline: String, responsibleUnit: String) {
        self.year = year
        self.title = title
        self.figure = figure
        self.unit = unit
        self.targetValue = targetValue
        self.deadline = deadline
        self.responsibleUnit = responsibleUnit
    }
}

/// A target with its progress as of today.
public struct TargetReading: Sendable {
    public let target: TargetModel
    /// The figure it follows, when it follows one.
    public let figure: FigureDefinition?
    /// In the target's unit (per cent for shares).
    public let current: Double?
    public let fraction: Double?
    public let state: TargetState
    /// Read from the figure now (true) or as reported by hand (false).
    public let live: Bool
}

public struct TargetService: Sendable {
    public let context: StoreContext

    public init(_ context: StoreContext) {
        self.context = context
    }

    public static let handUnits = ["items", "share"]

    var figures: [FigureDefinition] { (context.node.figureSources ?? []).flatMap(\.figures) }

    func requireManage(_ code: RegionCode) throws {
        guard [.systemAdmin, .cityOfficer, .countyOfficer, .townshipOfficer].contains(context.actor.role) else {
            throw AppError(.forbidden, "targets_forbidden")
        }
        do { try context.scoped.authorize(code) } catch { throw AppError(.forbidden, "region_forbidden", ["code": code.value]) }
    }

    public func create(for code: RegionCode, _ input: TargetInput) async throws -> TargetModel {
        try requireManage(code)
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(title.count) else { throw AppError(.invalidInput, "target_title", field: "title") }
        guard (2000...2100).contains(input.year) else {
            throw AppError(.invalidInput, "out_of_range", field: "year", ["minimum": "2000", "maximum": "2100"])
        }
        guard let deadline = CalendarDate(input.deadline) else {
            throw AppError(.invalidInput, "date_invalid", field: "deadline", ["value": input.deadline])
        }
        guard deadline.year == input.year else {
            throw AppError(.invalidInput, "target_deadline_year", field: "deadline", ["year": String(input.year)])
        }
        guard input.targetValue.isFinite, input.targetValue > 0, input.targetValue < 1e12 else {
            throw AppError(.invalidInput, "target_value", field: "targetValue")
        }
        let unit: String
        if let key = input.figure?.trimmingCharacters(in: .whitespaces), !key.isEmpty {
            guard let figure = figures.first(where: { $0.key == key }) else {
                throw AppError(.invalidInput, "figure_unknown", field: "figure", ["value": key])
            }
            unit = figure.unit.rawValue
            if figure.unit == .share, input.targetValue > 100 {
                throw AppError(.invalidInput, "out_of_range", field: "targetValue", ["minimum": "0", "maximum": "100"])
            }
        } else {
            unit = input.unit ?? "items"
            guard Self.handUnits.contains(unit) else { throw AppError(.invalidInput, "target_unit", field: "unit", ["value": unit]) }
        }
        let responsible = input.responsibleUnit.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(responsible.count) else { throw AppError(.invalidInput, "target_responsible", field: "responsibleUnit") }
        let target = TargetModel()
        target.regionCode = code.value
        target.year = input.year
        target.title = title
        target.figure = input.figure.flatMap { $0.isEmpty ? nil : $0 }
        target.unit = unit
        target.targetValue = input.targetValue
        target.deadline = deadline.description
        target.responsibleUnit = responsible
        target.createdBy = context.actor.username
        try await context.database.transaction { db in
            try await target.create(on: db)
            try await AuditLog.record(
                on: db, actor: context.actor, action: "target.create", recordType: "target", recordID: target.id!.uuidString, region: code,
                detail: "\(input.year) \(title) \(target.figure ?? "hand") ≥ \(input.targetValue) by \(deadline)")
        }
        return target
    }

    /// Reports a hand-reported target's value with its evidence (文件、台账、验收记录).
    public func report(_ id: UUID, value: Double, evidence: String) async throws -> TargetModel {
        guard let target = try await context.scoped.find(TargetModel.self, id: id) else { throw AppError(.notFound, "target_not_found") }
        try requireManage(target.region)
        guard target.figure == nil else { throw AppError(.conflict, "target_is_live") }
        guard value.isFinite, value >= 0, value < 1e12, target.unit != "share" || value <= 100 else {
            throw AppError(.invalidInput, "target_value", field: "value")
        }
        let text = evidence.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (4...1000).contains(text.count) else { throw AppError(.invalidInput, "target_evidence", field: "evidence") }
        target.reportedValue = value
        target.evidence = text
        target.reportedBy = context.actor.username
        target.reportedAt = Date()
        try await context.database.transaction { db in
            try await target.save(on: db)
            try await AuditLog.record(
                on: db, actor: context.actor, action: "target.report", recordType: "target", recordID: id.uuidString, region: target.region,
                detail: "\(value) — \(text)")
        }
        return target
    }

    public func delete(_ id: UUID) async throws {
        guard let target = try await context.scoped.find(TargetModel.self, id: id) else { throw AppError(.notFound, "target_not_found") }
        try requireManage(target.region)
        try await context.database.transaction { db in
            try await target.delete(on: db)
            try await AuditLog.record(
                on: db, actor: context.actor, action: "target.delete", recordType: "target", recordID: id.uuidString, region: target.region,
                detail: "\(target.year) \(target.title)")
        }
    }

    /// The targets of `code` and of every region below it for `year`, with their progress;
    /// the region's own first, then by region and deadline.
    public func list(_ code: RegionCode, year: Int) async throws -> [TargetReading] {
        guard context.actor.role.canReadStatistics else { throw AppError(.forbidden, "statistics_forbidden") }
        let targets: [TargetModel]
        do { targets = try await context.scoped.query(TargetModel.self, within: code).filter(\.$year == year).all() } catch {
            throw AppError(.forbidden, "region_forbidden", ["code": code.value])
        }
        // The region's own first ("" sorts before any code), then by region, deadline and title.
        func key(_ t: TargetModel) -> (String, String, String) { (t.regionCode == code.value ? "" : t.regionCode, t.deadline, t.title) }
        let sorted = targets.sorted { key($0) < key($1) }
        var readings: [String: CockpitService.Reading] = [:]
        let cockpit = CockpitService(context)
        let period = StatPeriod(.year, containing: CalendarMonth(year: year, month: 1)!)
        var out: [TargetReading] = []
        for target in sorted {
            var current = target.reportedValue
            var figure: FigureDefinition?
            if let key = target.figure {
                if readings[target.regionCode] == nil { readings[target.regionCode] = try await cockpit.read(target.region, period: period) }
                let reading = readings[target.regionCode]?.figure(key)
                figure = reading?.definition
                current = reading.flatMap { $0.definition.unit.number($0.value) }
            }
            let start = CalendarDate(year: year, month: 1, day: 1)!
            let state = TargetProgress.state(
                current: current, target: target.targetValue, start: start, deadline: target.deadlineDate, today: context.today)
            out.append(
                TargetReading(
                    target: target, figure: figure, current: current, fraction: TargetProgress.fraction(current: current, target: target.targetValue),
                    state: state, live: target.figure != nil))
        }
        return out
    }
}

/// The targets of the regions below, summed by title: how many regions carry it, the sum of
/// their values and of their progress (counts only; a share's regions are counted as met
/// or not), so a city sees its counties' lists add up.
public struct TargetRollup: Sendable {
    public let title: String
    public let unit: String
    public let regions: Int
    public let met: Int
    /// Sums, for counts; nil for shares.
    public let target: Double?
    public let current: Double?

    public static func of(_ readings: [TargetReading], below code: RegionCode) -> [TargetRollup] {
        let below = readings.filter { $0.target.regionCode != code.value }
        var order: [String] = []
        var groups: [String: [TargetReading]] = [:]
        for reading in below {
            let key = reading.target.title + "|" + reading.target.unit
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(reading)
        }
        return order.map { key in
            let group = groups[key]!
            let unit = group[0].target.unit
            let isShare = unit == FigureUnit.share.rawValue
            let currents = group.map(\.current)
            return TargetRollup(
                title: group[0].target.title, unit: unit, regions: group.count, met: group.filter { $0.state == .met }.count,
                target: isShare ? nil : group.reduce(0) { $0 + $1.target.targetValue },
                current: isShare || currents.contains { $0 == nil } ? nil : currents.reduce(0) { $0 + $1! })
        }
    }
}
