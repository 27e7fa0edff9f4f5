import Foundation

/// 服务目录: what a region sets for each of the platform's service types — the standard
/// duration (the short-service check's basis), the guide price and the subsidy share. The
/// city sets them; a county may change them, but its standard is not below the city's
/// [S003 §六(一)1].
public struct CatalogueEntry: Sendable, Equatable, Codable {
    public let code: String
    public let standardMinutes: Int
    public let priceFen: Int
    public let subsidyPercent: Int

    public init(code: String, standardMinutes: Int, priceFen: Int, subsidyPercent: Int) {
        self.code = code
        self.standardMinutes = standardMinutes
        self.priceFen = priceFen
        self.subsidyPercent = subsidyPercent
    }

    public init(_ type: ServiceType) {
        self.init(code: type.code, standardMinutes: type.standardMinutes, priceFen: type.priceFen, subsidyPercent: type.subsidyPercent)
    }
}

public enum CatalogueRules {
    public static let minutes = 5...720
    public static let priceFen = 0...10_000_000
    public static let subsidyPercent = 0...100

    /// Every problem of `entries` as a catalogue of `base`'s service types: each type once,
    /// no unknown type, values in range. Each problem names the item.
    public static func problems(_ entries: [CatalogueEntry], base: [ServiceType] = ServiceCatalogue.example) -> [AppError] {
        var problems: [AppError] = []
        var seen: Set<String> = []
        for (i, entry) in entries.enumerated() {
            let field = "items[\(i)]"
            guard let type = ServiceCatalogue.type(entry.code, in: base) else {
                problems.append(AppError(.invalidInput, "service_type_unknown", field: field + ".code", ["code": entry.code]))
                continue
            }
            if !seen.insert(entry.code).inserted {
                problems.append(AppError(.invalidInput, "catalogue_item_repeated", field: field + ".code", ["item": type.name]))
            }
            if !minutes.contains(entry.standardMinutes) {
                problems.append(AppError(.invalidInput, "catalogue_minutes_invalid", field: field + ".standardMinutes", ["item": type.name]))
            }
            if !priceFen.contains(entry.priceFen) {
                problems.append(AppError(.invalidInput, "catalogue_price_invalid", field: field + ".priceFen", ["item": type.name]))
            }
            if !subsidyPercent.contains(entry.subsidyPercent) {
                problems.append(AppError(.invalidInput, "catalogue_subsidy_invalid", field: field + ".subsidyPercent", ["item": type.name]))
            }
        }
        for type in base where !seen.contains(type.code) {
            problems.append(AppError(.invalidInput, "catalogue_item_missing", field: "items", ["item": type.name]))
        }
        return problems
    }

    /// A county's entries whose standard duration is below the city's in force.
    public static func belowCity(_ county: [CatalogueEntry], city: [ServiceType]) -> [AppError] {
        county.enumerated().compactMap { i, entry in
            guard let standard = ServiceCatalogue.type(entry.code, in: city), entry.standardMinutes < standard.standardMinutes else { return nil }
            return AppError(
                .invalidInput, "catalogue_below_city", field: "items[\(i)].standardMinutes",
                ["item": standard.name, "minutes": String(entry.standardMinutes), "city": String(standard.standardMinutes)])
        }
    }

    /// The catalogue the entries make of `base` (names from the platform's types).
    public static func apply(_ entries: [CatalogueEntry], to base: [ServiceType] = ServiceCatalogue.example) -> [ServiceType] {
        base.map { type in
            guard let entry = entries.first(where: { $0.code == type.code }) else { return type }
            var set = type
            set.standardMinutes = entry.standardMinutes
            set.priceFen = entry.priceFen
            set.subsidyPercent = entry.subsidyPercent
            return set
        }
    }
}
