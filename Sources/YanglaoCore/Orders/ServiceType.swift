/// 服务类型: the 六助 (助餐、助浴、助洁、助医、助急、助行) and the other home services a
/// platform dispatches [S003 §四(一)4, S004 §三], each with a standard duration (the basis of
/// the short-service check) and a reference price; regions and providers set their own prices.
public struct ServiceType: Sendable, Hashable, Codable, Identifiable {
    public var code: String
    public var name: String
    public var englishName: String
    /// Minutes a normal service takes.
    public var standardMinutes: Int
    /// Reference price in fen (分) per service.
    public var priceFen: Int
    /// The share of the price the government pays for people entitled to it, in percent.
    public var subsidyPercent: Int

    public var id: String { code }

    public init(code: String, name: String, englishName: String, standardMinutes: Int, priceFen: Int, subsidyPercent: Int = 0) {
        self.code = code
        self.name = name
        self.englishName = englishName
        self.standardMinutes = standardMinutes
        self.priceFen = priceFen
        self.subsidyPercent = subsidyPercent
    }
}

/// The catalogue the demo city starts from. The seeds give no durations or prices: EVERY
/// FIGURE HERE IS AN EXAMPLE VALUE, to be set per region.
public enum ServiceCatalogue {
    public static let label = "示例配置（时长与价格为示例值，须按本地标准配置）"

    public static let example: [ServiceType] = [
        ServiceType(code: "meal", name: "助餐", englishName: "Meal assistance", standardMinutes: 30, priceFen: 1_500),
        ServiceType(code: "bathing", name: "助浴", englishName: "Bathing", standardMinutes: 60, priceFen: 8_000),
        ServiceType(code: "cleaning", name: "助洁", englishName: "Cleaning", standardMinutes: 120, priceFen: 6_000),
        ServiceType(code: "medical", name: "助医", englishName: "Medical escort", standardMinutes: 120, priceFen: 5_000),
        ServiceType(code: "emergency", name: "助急", englishName: "Emergency help", standardMinutes: 30, priceFen: 3_000),
        ServiceType(code: "mobility", name: "助行", englishName: "Walking and outings", standardMinutes: 60, priceFen: 4_000),
        ServiceType(code: "haircut", name: "理发", englishName: "Haircut", standardMinutes: 30, priceFen: 2_000),
        ServiceType(code: "nursing", name: "康复护理", englishName: "Rehabilitation care", standardMinutes: 60, priceFen: 9_000),
        ServiceType(code: "shopping", name: "代购代办", englishName: "Shopping and errands", standardMinutes: 60, priceFen: 2_500),
        ServiceType(code: "companionship", name: "精神慰藉", englishName: "Companionship", standardMinutes: 60, priceFen: 3_000),
    ]

    public static func type(_ code: String, in catalogue: [ServiceType] = example) -> ServiceType? {
        catalogue.first { $0.code == code }
    }
}
