/// 区划层级: the five levels of the tree. The platform's four levels (四级平台) are
/// city → county → township → village; a province sits above when one deployment runs many cities.
public enum RegionLevel: String, CaseIterable, Sendable, Codable, Comparable {
    case province, city, county, township, village

    /// Number of leading digits that identify a region of this level.
    public var prefixLength: Int {
        switch self {
        case .province: 2
        case .city: 4
        case .county: 6
        case .township: 9
        case .village: 12
        }
    }

    public var depth: Int { RegionLevel.allCases.firstIndex(of: self)! }

    public var parent: RegionLevel? { depth == 0 ? nil : RegionLevel.allCases[depth - 1] }
    public var child: RegionLevel? { depth + 1 < RegionLevel.allCases.count ? RegionLevel.allCases[depth + 1] : nil }

    public static func < (lhs: RegionLevel, rhs: RegionLevel) -> Bool { lhs.depth < rhs.depth }
}

/// The kind of a region within its level (街道/镇/乡, 社区/村).
public enum RegionKind: String, Sendable, Codable, CaseIterable {
    case province, city, county
    case developmentZone  // 开发区等 NBS statistical units at county level, county codes 71–79
    case street  // 街道 001–099
    case town  // 镇 100–199
    case township  // 乡 200–399
    case specialTownship  // 政企合一等 400–599
    case community  // 社区（居委会） 001–199
    case village  // 村（村委会） 200–399
    case otherVillage  // 类似居委会/村委会 400–599
}
