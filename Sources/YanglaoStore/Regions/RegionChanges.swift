import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 区划调整: a region added, renamed or retired into a successor (撤并), one at a time from the
/// console or the API, or many from a region file (`RegionImporter`); both apply the same rules.
public struct RegionChanges: Sendable {
    public let context: StoreContext

    public init(_ context: StoreContext) {
        self.context = context
    }

    /// A retirement asked for: `code` merged into `successor`, of the same level.
    public struct Retirement: Sendable, Equatable {
        public let code: RegionCode
        public let successor: RegionCode

        public init(code: RegionCode, successor: RegionCode) {
            self.code = code
            self.successor = successor
        }
    }

    public func add(code: RegionCode, name: String, urbanRural: String? = nil) async throws -> RegionModel {
        try authorize(code)
        let urbanRural = urbanRural.flatMap { $0.isEmpty ? nil : $0 }
        let name = try Self.validName(name)
        if let value = urbanRural, value.count != 3 || !value.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw AppError(.invalidInput, "region_urban_rural_invalid", field: "urbanRural", ["value": value])
        }
        guard code.level > .city else { throw AppError(.invalidInput, "region_level_not_addable", field: "code", ["value": code.value]) }
        let db = context.database
        if try await RegionModel.find(code.value, on: db) != nil { throw AppError(.conflict, "region_exists", field: "code", ["value": code.value]) }
        guard let parent = code.parent, let parentRow = try await RegionModel.find(parent.value, on: db), !parentRow.isRetired else {
            throw AppError(.invalidInput, "region_parent_missing", field: "code", ["value": code.parent?.value ?? ""])
        }
        let kind = RegionKinds.kind(of: code, named: name)
        let actor = context.actor
        try await db.transaction { tx in
            try await RegionRows.insert([.init(code: code, name: name, kind: kind, urbanRural: urbanRural)], on: tx)
            try await AuditLog.record(
                on: tx, actor: actor, action: "region.add", recordType: "region", recordID: code.value, region: code, detail: name)
        }
        return try await RegionModel.find(code.value, on: db)!
    }

    public func rename(_ code: RegionCode, to name: String) async throws -> RegionModel {
        try authorize(code)
        let name = try Self.validName(name)
        let region = try await existing(code)
        guard !region.isRetired else { throw AppError(.conflict, "region_retired", ["value": code.value]) }
        let was = region.name
        region.name = name
        region.kind = RegionKinds.kind(of: code, named: name).rawValue
        let actor = context.actor
        try await context.database.transaction { tx in
            try await region.save(on: tx)
            try await AuditLog.record(
                on: tx, actor: actor, action: "region.rename", recordType: "region", recordID: code.value, region: code,
                detail: "\(was) → \(name)")
        }
        return region
    }

    public func retire(_ code: RegionCode, into successor: RegionCode) async throws -> RegionModel {
        try authorize(code)
        try authorize(successor)
        let asked = Retirement(code: code, successor: successor)
        let regions = try await RegionModel.query(on: context.database).all()
        if let (_, error) = Self.problems(of: [asked], among: Dictionary(uniqueKeysWithValues: regions.map { ($0.id!, $0) }), adding: [])
            .first
        {
            throw error
        }
        let (actor, today) = (context.actor, context.today)
        try await context.database.transaction { tx in try await Self.apply([asked], actor: actor, today: today, on: tx) }
        await Self.afterCommit([asked], context)
        return try await existing(code)
    }

    /// What is wrong with retiring `asked` together (by region code), given the tree and the
    /// codes being added in the same step: a region must exist, be active and not the city or
    /// above; its successor must exist or be added, be active and stay so; and a region with
    /// active regions below it retires only with them.
    static func problems(of asked: [Retirement], among regions: [String: RegionModel], adding: Set<RegionCode>) -> [(RegionCode, AppError)] {
        let retiring = Set(asked.map(\.code))
        var out: [(RegionCode, AppError)] = []
        for r in asked {
            let value = ["value": r.code.value, "code": r.code.value, "successor": r.successor.value]
            guard r.code.level > .city else {
                out.append((r.code, AppError(.invalidInput, "region_level_not_retirable", field: "code", value)))
                continue
            }
            guard let region = regions[r.code.value] else {
                out.append((r.code, AppError(.notFound, "region_not_found", field: "code", value)))
                continue
            }
            guard !region.isRetired else {
                out.append((r.code, AppError(.conflict, "region_retired", field: "code", value)))
                continue
            }
            guard r.successor.level == r.code.level, r.successor != r.code else {
                out.append((r.code, AppError(.invalidInput, "region_successor_invalid", field: "successor", ["value": r.successor.value])))
                continue
            }
            let successor = regions[r.successor.value]
            guard successor != nil || adding.contains(r.successor) else {
                out.append((r.code, AppError(.invalidInput, "region_successor_missing", field: "successor", value)))
                continue
            }
            guard successor?.isRetired != true, !retiring.contains(r.successor) else {
                out.append((r.code, AppError(.invalidInput, "region_successor_retired", field: "successor", value)))
                continue
            }
            let staying = regions.values.filter { $0.parentCode == r.code.value && !$0.isRetired && !retiring.contains($0.code) }
            if let child = staying.min(by: { $0.code < $1.code }) {
                out.append(
                    (
                        r.code,
                        AppError(
                            .invalidInput, "region_retire_children", field: "code",
                            ["value": r.code.value, "child": child.id!, "count": String(staying.count)])
                    ))
            }
        }
        return out
    }

    /// Marks the regions retired, deepest first, and records one event and one audit entry
    /// each; the domains move their rows when the event is delivered.
    static func apply(_ asked: [Retirement], actor: Actor, today: CalendarDate, on tx: any Database) async throws {
        for r in asked.sorted(by: { ($0.code.level, $0.code) > ($1.code.level, $1.code) }) {
            try await RegionModel.query(on: tx).filter(\.$id == r.code.value)
                .set(\.$retiredOn, to: today.description).set(\.$successorCode, to: r.successor.value).update()
            try await EventOutbox.record(
                RegionRetired(code: r.code.value, successor: r.successor.value, day: today.description, actor: EventActor(actor)), on: tx)
            try await AuditLog.record(
                on: tx, actor: actor, action: "region.retire", recordType: "region", recordID: r.code.value, region: r.code,
                detail: "successor=\(r.successor.value)")
        }
    }

    /// Once the retirements committed: their events delivered (the domains move their rows),
    /// and this server's dispatch data of the counties concerned rebuilt.
    static func afterCommit(_ retired: [Retirement], _ context: StoreContext) async {
        await context.deliverEvents()
        for county in Set(retired.flatMap { [$0.code.county, $0.successor.county] }.compactMap { $0 }) {
            await context.dispatchDataChanged(in: county)
        }
    }

    private func authorize(_ code: RegionCode) throws {
        guard context.actor.role.canManageRegions else { throw AppError(.forbidden, "region_change_forbidden") }
        do { try context.scoped.authorize(code) } catch { throw AppError(.notFound, "region_not_found", ["code": code.value]) }
    }

    private func existing(_ code: RegionCode) async throws -> RegionModel {
        guard let region = try await RegionModel.find(code.value, on: context.database) else {
            throw AppError(.notFound, "region_not_found", ["code": code.value])
        }
        return region
    }

    static func validName(_ name: String) throws -> String {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw AppError(.invalidInput, "region_name_missing", field: "name") }
        guard name.count <= 100 else {
            throw AppError(.invalidInput, "region_name_too_long", field: "name", ["value": String(name.prefix(20)) + "…"])
        }
        return name
    }
}
