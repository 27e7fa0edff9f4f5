import Fluent
import Foundation
import YanglaoCore

/// A region's subsidy schemes: amounts, bands and timing are configuration, set by the
/// city or county; the nearest configured level at or above a place applies to it.
public struct SubsidyConfiguration: Sendable {
    public let context: StoreContext
    var db: any Database { context.database }
    var actor: Actor { context.actor }

    public init(_ context: StoreContext) {
        self.context = context
    }

    /// The schemes that apply in `region`.
    public func schemes(for region: RegionCode) async throws -> [SubsidyScheme] {
        for code in region.lineage.reversed() {
            if let config = try await SubsidyConfigModel.query(on: db).filter(\.$regionCode == code.value).first() { return config.schemes }
        }
        return []
    }

    /// The configurations that pay people in `scope`'s subtree: the nearest at or above it,
    /// and every one set below it (a county's own within the city's run).
    public func schemesByRegion(within scope: RegionCode) async throws -> SchemesByRegion {
        let above = Set(scope.lineage.map(\.value))
        let configs = try await SubsidyConfigModel.query(on: db).all().compactMap { config -> (region: RegionCode, schemes: [SubsidyScheme])? in
            guard let region = try? RegionCode(config.regionCode), above.contains(region.value) || scope.contains(region) else { return nil }
            return (region, config.schemes)
        }
        // Above the scope only the nearest applies; the deepest-first order of SchemesByRegion picks it.
        return SchemesByRegion(configs)
    }

    /// Sets the schemes of `region` (city and county officers of it; codes must be unique).
    public func configure(_ region: RegionCode, schemes: [SubsidyScheme], note: String = "") async throws {
        guard actor.role.canManageServiceList else { throw AppError(.forbidden, "subsidy_forbidden") }
        if let mine = actor.region, !mine.contains(region) {
            throw AppError(.forbidden, "region_forbidden", field: "region", ["code": region.value])
        }
        var problems: [AppError] = []
        var seen = Set<String>()
        for scheme in schemes where scheme.code.isEmpty || !seen.insert(scheme.code).inserted {
            problems.append(AppError(.invalidInput, "subsidy_scheme_code", field: "schemes[\(scheme.code)]", ["code": scheme.code]))
        }
        for scheme in schemes where !SubsidyScheme.supportedSubjects.contains(scheme.subjectKind) {
            problems.append(
                AppError(
                    .invalidInput, "subsidy_subject_unsupported", field: "schemes[\(scheme.code)].subjectKind",
                    ["kind": scheme.subjectKind]))
        }
        for scheme in schemes where scheme.amount.amountsFen.contains(where: { !(0...AmountRule.maximumFen).contains($0) }) {
            problems.append(
                AppError(
                    .invalidInput, "out_of_range", field: "schemes[\(scheme.code)].amount",
                    ["minimum": "0", "maximum": String(AmountRule.maximumFen / 100)]))
        }
        if problems.isEmpty { problems += try await listedAmountProblems(region, schemes: schemes) }
        guard problems.isEmpty else { throw AppError(invalid: problems) }
        let config = try await SubsidyConfigModel.query(on: db).filter(\.$regionCode == region.value).first() ?? SubsidyConfigModel()
        config.regionCode = region.value
        config.schemes = schemes
        config.note = String(note.prefix(200))
        config.updatedBy = actor.username
        try await config.save(on: db)
        try await AuditLog.record(
            on: db, actor: actor, action: "subsidy.configure", recordType: "subsidy_config",
            recordID: config.id?.uuidString, region: region, detail: schemes.map(\.code).joined(separator: ","))
    }

    /// The lists whose amounts `schemes` would pay in `region`: its own (or the one above
    /// it), and those of regions below it that have no schemes of their own, each the newest
    /// published version: the schemes carry no dates, so they are set for the list to come
    /// once it is published (a list in force from today is checked when it is published).
    func listedAmountProblems(_ region: RegionCode, schemes: [SubsidyScheme]) async throws -> [AppError] {
        let others = try await SubsidyConfigModel.query(on: db).filter(\.$regionCode != region.value).all().compactMap {
            config -> (region: RegionCode, schemes: [SubsidyScheme])? in
            (try? RegionCode(config.regionCode)).map { ($0, config.schemes) }
        }
        let byRegion = SchemesByRegion(others + [(region, schemes)])
        let today = context.today.description
        let published = try await ServiceListModel.query(on: db).filter(\.$status == ServiceListModel.Status.published.rawValue)
            .sort(\.$validFrom, .descending).all().filter { ($0.validTo ?? "9999-12-31") >= today }
        var newest: [String: ServiceListModel] = [:]
        for list in published where newest[list.regionCode] == nil { newest[list.regionCode] = list }
        var places: [(region: RegionCode, items: [ServiceListItem])] = []
        if let own = region.lineage.reversed().lazy.compactMap({ newest[$0.value] }).first { places.append((region, own.items)) }
        for list in newest.values.sorted(by: { $0.regionCode < $1.regionCode }) where list.region != region && region.contains(list.region) {
            places.append((list.region, list.items))
        }
        var problems: [AppError] = []
        for (place, items) in places where byRegion.index(for: place).map({ byRegion.sets[$0].region == region }) == true {
            for problem in ListedAmounts.problems(list: items, schemes: schemes, publishing: .schemes) where !problems.contains(problem) {
                problems.append(problem)
            }
        }
        return problems
    }
}
