import Fluent
import Foundation
import YanglaoCore

/// 服务目录 as data: each city, and each county within the city's standard, publishes
/// versions of its catalogue with a day from which they are in force. An order takes the
/// catalogue in force in its county on the day it is placed, and keeps that price and
/// standard duration.
public struct CatalogueService: Sendable {
    public let context: StoreContext

    public init(_ context: StoreContext) {
        self.context = context
    }

    /// The catalogue in force: the version it comes from (nil: the platform's example values).
    public struct InForce: Sendable {
        public let regionCode: String?
        public let validFrom: String?
        public let catalogue: [ServiceType]
    }

    /// The county's version in force on `day`, else the city's, else the example values.
    public func inForce(for region: RegionCode, on day: CalendarDate) async throws -> InForce {
        let all = try await allVersions()
        for level in [RegionLevel.county, .city] {
            guard let code = region.lineage.first(where: { $0.level == level })?.value,
                let version = all[code]?.last(where: { $0.validFrom <= day.description })
            else { continue }
            return InForce(regionCode: code, validFrom: version.validFrom, catalogue: version.catalogue)
        }
        return InForce(regionCode: nil, validFrom: nil, catalogue: ServiceCatalogue.example)
    }

    /// A region's own versions, oldest first.
    public func versions(of region: RegionCode) async throws -> [CatalogueVersionModel] {
        try context.scoped.authorize(region)
        return try await CatalogueVersionModel.query(on: context.database).filter(\.$regionCode == region.value).sort(\.$validFrom).all()
    }

    /// Publishes a version for a city or a county, in force from `validFrom` (today or later;
    /// a version of the same day is replaced). A county's standard durations must not be below
    /// the city's in force that day.
    public func publish(_ region: RegionCode, validFrom: CalendarDate, entries: [CatalogueEntry]) async throws -> CatalogueVersionModel {
        guard [.city, .county].contains(region.level) else { throw AppError(.invalidInput, "catalogue_level_invalid", field: "region") }
        let role = context.actor.role
        guard role == .systemAdmin || role == .cityOfficer || (role == .countyOfficer && region.level == .county) else {
            throw AppError(.forbidden, "catalogue_forbidden")
        }
        do { try context.scoped.authorize(region) } catch { throw AppError(.notFound, "region_not_found", ["code": region.value]) }
        guard validFrom >= context.today else { throw AppError(.invalidInput, "catalogue_date_past", field: "validFrom") }
        var problems = CatalogueRules.problems(entries)
        if problems.isEmpty, region.level == .county, let city = region.lineage.first(where: { $0.level == .city }) {
            problems = CatalogueRules.belowCity(entries, city: try await inForce(for: city, on: validFrom).catalogue)
        }
        guard problems.isEmpty else { throw AppError(invalid: problems) }
        let db = context.database
        let row =
            try await CatalogueVersionModel.query(on: db).filter(\.$regionCode == region.value).filter(\.$validFrom == validFrom.description)
            .first() ?? CatalogueVersionModel()
        row.regionCode = region.value
        row.validFrom = validFrom.description
        row.entriesJSON = JSONColumn.encode(entries)
        row.publishedBy = context.actor.username
        let actor = context.actor
        try await db.transaction { tx in
            try await row.save(on: tx)
            try await AuditLog.record(
                on: tx, actor: actor, action: "catalogue.publish", recordType: "catalogue", recordID: row.id?.uuidString, region: region,
                detail: "valid_from=\(validFrom)")
        }
        await context.node.catalogueCache?.invalidate()
        return row
    }

    /// Every version by region, oldest first: from this server's cache when it has one.
    private func allVersions() async throws -> [String: [CatalogueVersionModel]] {
        if let cache = context.node.catalogueCache, let cached = await cache.current() { return cached }
        let rows = try await CatalogueVersionModel.query(on: context.database).sort(\.$validFrom).all()
        let byRegion = Dictionary(grouping: rows, by: \.regionCode)
        await context.node.catalogueCache?.keep(byRegion)
        return byRegion
    }
}

/// This server's copy of every catalogue version (a few rows a region), so placing an order
/// reads none: dropped when this server publishes one, and after `lifetime` for what
/// another server published.
public actor CatalogueCache {
    private var versions: [String: [CatalogueVersionModel]]?
    private var loadedAt = Date.distantPast
    private let lifetime: TimeInterval

    public init(lifetime: TimeInterval = 30) {
        self.lifetime = lifetime
    }

    func current() -> [String: [CatalogueVersionModel]]? {
        Date().timeIntervalSince(loadedAt) < lifetime ? versions : nil
    }

    func keep(_ versions: [String: [CatalogueVersionModel]]) {
        self.versions = versions
        loadedAt = Date()
    }

    func invalidate() {
        versions = nil
    }
}

extension NodeState {
    private enum CatalogueCacheSlot: NodeStateKey { typealias Value = CatalogueCache }
    /// The catalogue versions this server has read.
    public var catalogueCache: CatalogueCache? {
        get { self[CatalogueCacheSlot.self] }
        set { self[CatalogueCacheSlot.self] = newValue }
    }
}
