import Fluent
import Foundation
import YanglaoCore

/// What a city (or a county for its own report) decides for its statistics: the weights of
/// the monthly ranking, published with each report, and the smallest count the public page
/// shows.
final class ReportSettingsModel: Model, @unchecked Sendable {
    static let schema = "report_settings"

    @ID(key: .id) var id: UUID?
    @Field(key: "region_code") var regionCode: String
    @Field(key: "weights") var weightsJSON: String
    @Field(key: "small_cell") var smallCell: Int
    @Field(key: "updated_by") var updatedBy: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

struct CreateReportSettings: TableMigration {
    let tables = [ReportSettingsModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(ReportSettingsModel.schema)
            .id()
            .field("region_code", .string, .required)
            .field("weights", .string, .required)
            .field("small_cell", .int, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "region_code")
            .create()
    }
}

/// The settings in force for a region: its own, else the nearest region above's, else the defaults.
public struct ReportSettings: Sendable, Equatable {
    public let weights: [WeightedRanking.Weight]
    public let smallCell: Int
    /// Where they were set (nil: the defaults).
    public let setFor: String?
    public let updatedBy: String?

    public static let defaultSmallCell = 10
    public static let `default` = ReportSettings(weights: WeightedRanking.defaults, smallCell: defaultSmallCell, setFor: nil, updatedBy: nil)
}

public struct ReportSettingsService: Sendable {
    public let context: StoreContext

    public init(_ context: StoreContext) {
        self.context = context
    }

    /// Read without an actor check: the public page reads the smallest count too.
    public func inForce(for code: RegionCode) async throws -> ReportSettings {
        var chain: [String] = [code.value]
        var up = code.parent
        while let region = up {
            chain.append(region.value)
            up = region.parent
        }
        let rows = try await ReportSettingsModel.query(on: context.database).filter(\.$regionCode ~~ chain).all()
        for code in chain {
            if let row = rows.first(where: { $0.regionCode == code }) {
                let weights = (try? JSONDecoder().decode([WeightedRanking.Weight].self, from: Data(row.weightsJSON.utf8))) ?? WeightedRanking.defaults
                return ReportSettings(weights: weights, smallCell: row.smallCell, setFor: code, updatedBy: row.updatedBy)
            }
        }
        return .default
    }

    /// Sets a region's weights and smallest count: a city or county officer for their own
    /// region, or a system administrator. Every figure must exist and say which way is
    /// better; weights are whole numbers 0–100 with at least one above 0.
    public func set(_ code: RegionCode, weights: [WeightedRanking.Weight], smallCell: Int, figures: [FigureDefinition]) async throws -> ReportSettings
    {
        let actor = context.actor
        guard actor.role == .systemAdmin || ([.cityOfficer, .countyOfficer].contains(actor.role) && actor.region == code) else {
            throw AppError(.forbidden, "report_settings_forbidden")
        }
        do { try context.scoped.authorize(code) } catch { throw AppError(.forbidden, "region_forbidden", ["code": code.value]) }
        guard code.level <= .county else { throw AppError(.invalidInput, "report_settings_level", field: "region") }
        var seen = Set<String>()
        for weight in weights {
            guard let figure = figures.first(where: { $0.key == weight.figure }), figure.higherIsBetter != nil else {
                throw AppError(.invalidInput, "report_weight_figure", field: "weights", ["value": weight.figure])
            }
            guard (0...100).contains(weight.weight) else {
                throw AppError(.invalidInput, "out_of_range", field: "weight.\(weight.figure)", ["minimum": "0", "maximum": "100"])
            }
            guard seen.insert(weight.figure).inserted else {
                throw AppError(.invalidInput, "report_weight_twice", field: "weights", ["value": weight.figure])
            }
        }
        let kept = weights.filter { $0.weight > 0 }
        guard !kept.isEmpty else { throw AppError(.invalidInput, "report_weights_empty", field: "weights") }
        guard (1...100).contains(smallCell) else {
            throw AppError(.invalidInput, "out_of_range", field: "smallCell", ["minimum": "1", "maximum": "100"])
        }
        let json = String(decoding: try JSONEncoder().encode(kept), as: UTF8.self)
        try await context.database.transaction { db in
            let row = try await ReportSettingsModel.query(on: db).filter(\.$regionCode == code.value).first() ?? ReportSettingsModel()
            row.regionCode = code.value
            row.weightsJSON = json
            row.smallCell = smallCell
            row.updatedBy = actor.username
            try await row.save(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "statistics.settings", recordType: "report_settings", recordID: code.value, region: code,
                detail: "small_cell=\(smallCell) " + kept.map { "\($0.figure)=\($0.weight)" }.joined(separator: " "))
        }
        return try await inForce(for: code)
    }
}
