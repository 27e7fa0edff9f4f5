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
}
