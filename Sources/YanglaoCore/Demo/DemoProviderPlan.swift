/// The demo city's service providers and their workers, county by county: one provider
/// serving the whole county with every service, the others a few services in some of its
/// townships; workers based near the people they serve. `city` size has about 10 000
/// workers. Deterministic for a seed; names and numbers are synthetic.
public struct DemoProviderPlan: Sendable {
    public struct Provider: Sendable {
        public let application: ProviderApplication
        public let workers: [WorkerInput]
        /// Which of `workers` start on duty.
        public let onDuty: [Bool]
    }

    public let size: DemoSize

    public init(size: DemoSize) { self.size = size }

    public var providersPerCounty: Int {
        switch size {
        case .tiny: 2
        case .small: 4
        case .city: 10
        }
    }

    public var workersPerProvider: Int {
        switch size {
        case .tiny: 3
        case .small: 12
        case .city: 167
        }
    }

    static let kinds = ["居家养老服务中心", "颐养服务有限公司", "助餐配送中心", "家政服务有限公司", "康养护理站", "社区服务社"]
    static let labels = ["星级服务商", "诚信商户", "助餐示范点", "医养结合"]

    /// The providers of `county` (code), with `townships` (codes) and `homes`: positions of
    /// people in the county, first village first. The first worker of the first provider is
    /// based at the first home (the demo worker account is linked to them).
    public func providers(ofCounty county: RegionCode, name countyName: String, townships: [RegionCode], homes: [GeoPoint], seed: UInt64)
        -> [Provider]
    {
        var rng = SeededGenerator(seed: seed &+ (UInt64(county.divisionCode) ?? 0) &* 0x51_7CC1)
        let all = ServiceCatalogue.example.map(\.code)
        let centre = homes.first ?? GeoPoint(latitude: 35.76, longitude: 115.03)
        return (0..<providersPerCounty).map { p in
            let types =
                p == 0
                ? all
                : ["meal", "cleaning"]
                    + all.filter { !["meal", "cleaning"].contains($0) }.shuffled(using: &rng).prefix(Int.random(in: 2...5, using: &rng))
            let area =
                p == 0 || townships.isEmpty
                ? [county.value]
                : Array(townships.shuffled(using: &rng).prefix(max(1, townships.count / 2))).map(\.value).sorted()
            let body = "52" + county.divisionCode + "MJ" + String(format: "%07d", p * 7919 + Int(county.divisionCode.suffix(3))! * 13)
            let name = countyName + Self.syllable(&rng) + Self.syllable(&rng) + Self.kinds[p % Self.kinds.count]
            let prices = Dictionary(
                uniqueKeysWithValues: types.prefix(3).map { code in
                    (code, (ServiceCatalogue.type(code)!.priceFen * Int.random(in: 85...110, using: &rng) / 100 / 50) * 50)
                })
            let application = ProviderApplication(
                name: name, creditCode: CreditCode.completing(String(body.prefix(17)))!.value, contactPhone: DemoElderPlan.mobile(&rng),
                address: "\(countyName)服务中心\(p + 1)号", serviceTypes: types.sorted(), serviceArea: area, prices: prices,
                labels: Bool.random(using: &rng) ? [Self.labels.randomElement(using: &rng)!] : [])
            var workers: [WorkerInput] = []
            var duty: [Bool] = []
            for w in 0..<workersPerProvider {
                let first = p == 0 && w == 0
                let home = first ? centre : (homes.randomElement(using: &rng) ?? centre)
                let jitter = first ? 0 : 0.01
                let skills = first ? types : Array(types.shuffled(using: &rng).prefix(Int.random(in: 2...max(2, min(5, types.count)), using: &rng)))
                workers.append(
                    WorkerInput(
                        name: String(DemoElderPlan.surnames.randomElement(using: &rng)!) + Self.syllable(&rng) + Self.syllable(&rng),
                        phone: DemoElderPlan.mobile(&rng), skills: skills.sorted(), certificateLevel: Int.random(in: 0...5, using: &rng),
                        latitude: home.latitude + Double.random(in: -jitter...jitter, using: &rng),
                        longitude: home.longitude + Double.random(in: -jitter...jitter, using: &rng),
                        workStart: "08:00", workEnd: "18:00", capacity: first ? 8 : Int.random(in: 3...6, using: &rng)))
                duty.append(first || Double.random(in: 0..<1, using: &rng) < 0.7)
            }
            return Provider(application: application, workers: workers, onDuty: duty)
        }
    }

    static let syllables = Array("安宝昌成丰福富广和宏华辉吉佳金锦康乐利林龙民明宁平庆瑞盛顺泰通旺兴阳永裕")

    static func syllable(_ rng: inout SeededGenerator) -> String { String(syllables.randomElement(using: &rng)!) }
}
