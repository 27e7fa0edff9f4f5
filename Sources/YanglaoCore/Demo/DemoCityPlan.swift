/// The region tree and accounts of a synthetic city shaped like Puyang (濮阳市, SPEC §4):
/// the real GB/T 2260 county codes and names, streets, towns and townships with codes in
/// the GB/T 10114 ranges, communities and villages below them. Names of units below the
/// county are generated; no real person's data is involved.
public struct DemoCityPlan: Sendable {
    public struct Region: Sendable, Equatable {
        public let code: RegionCode
        public let name: String
    }

    public struct Account: Sendable, Equatable {
        public let username: String
        public let displayName: String
        public let role: Role
        public let region: RegionCode
        /// For sign-in by a code sent to it (the family's phone).
        public var phone: String? = nil
    }

    /// The demo family's phone, for sign-in by a code sent to it.
    public static let familyPhone = "13900001234"

    public static let province = Region(code: RegionCode(validated: "410000000000"), name: "河南省")
    public static let city = Region(code: RegionCode(validated: "410900000000"), name: "濮阳市")
    public static let counties: [Region] = [
        ("410902", "华龙区"), ("410922", "清丰县"), ("410923", "南乐县"),
        ("410926", "范县"), ("410927", "台前县"), ("410928", "濮阳县"),
    ].map { Region(code: RegionCode(validated: $0.0 + "000000"), name: $0.1) }

    /// The county that dispatches provider-first in the demo (清丰县; the others, 华龙区 among
    /// them, offer orders straight to workers). The demo provider account belongs to it.
    public static var providerFirstCounty: Region { counties[1] }

    /// Real township names where the reference lists them, so the demo reads like Puyang.
    private static let knownStreets = ["中原路", "胜利路", "建设路", "人民路", "大庆路", "黄河路", "任丘路", "长庆路", "濮东"]
    private static let knownTowns = ["城关", "柳屯", "文留", "庆祖", "八公桥", "徐镇", "户部寨", "鲁河", "子岸", "胡状", "王称堌", "梁庄"]
    private static let syllables = Array("安宝昌成丰福富广和河宏华辉吉佳金锦康乐利林龙隆民明南宁平庆泉瑞山盛顺泰通旺兴新阳永裕园张王李赵刘陈杨周吴孙马朱胡郭何高")
    private static let communitySuffixes = ["社区"]
    private static let villageSuffixes = ["村", "庄村", "屯村", "集村", "寨村"]

    public let size: DemoSize
    public let seed: UInt64
    public private(set) var regions: [Region] = []

    public init(size: DemoSize, seed: UInt64 = 1) {
        self.size = size
        self.seed = seed
        var rng = SeededGenerator(seed: seed)
        regions = [Self.province, Self.city] + Self.counties
        for (countyIndex, county) in Self.counties.enumerated() {
            regions += Self.townships(of: county, index: countyIndex, size: size, rng: &rng)
        }
    }

    private static func townships(of county: Region, index: Int, size: DemoSize, rng: inout SeededGenerator) -> [Region] {
        let shape = size.townshipsPerCounty
        // 华龙区 is the urban district: streets only plus one town; rural counties mostly towns and townships.
        let urban = index == 0
        let streets = urban ? shape.streets * 2 : max(1, shape.streets / 2)
        let towns = urban ? 1 : shape.towns
        let townships = urban ? 0 : shape.townships
        var out: [Region] = []
        var usedNames = Set<String>()
        func uniqueName(_ known: [String], _ i: Int, _ suffix: String) -> String {
            if i < known.count, !usedNames.contains(known[i]) {
                usedNames.insert(known[i])
                return known[i] + suffix
            }
            while true {
                let candidate = String(syllables.randomElement(using: &rng)!) + String(syllables.randomElement(using: &rng)!)
                if usedNames.insert(candidate).inserted { return candidate + suffix }
            }
        }
        let groups: [(first: Int, count: Int, known: [String], suffix: String)] = [
            (1, streets, urban ? knownStreets : [], "街道"),
            (100, towns, index == 5 ? knownTowns : [], "镇"),
            (200, townships, [], "乡"),
        ]
        for group in groups {
            for i in 0..<group.count {
                let code = try! county.code.child(group.first + i)
                let township = Region(code: code, name: uniqueName(group.known, i, group.suffix))
                out.append(township)
                out += villages(of: township, size: size, rng: &rng)
            }
        }
        return out
    }

    private static func villages(of township: Region, size: DemoSize, rng: inout SeededGenerator) -> [Region] {
        let count = Int.random(in: size.villagesPerTownship, using: &rng)
        let kind = township.code.kind
        var used = Set<String>()
        return (0..<count).map { i in
            // Streets hold communities; towns hold a few communities near the centre and villages around.
            let isCommunity = kind == .street || (kind == .town && i < 2)
            let number = isCommunity ? 1 + i : 200 + i
            var name: String
            repeat {
                name = String(syllables.randomElement(using: &rng)!) + String(syllables.randomElement(using: &rng)!)
            } while !used.insert(name).inserted
            let suffix = isCommunity ? communitySuffixes[0] : villageSuffixes.randomElement(using: &rng)!
            return Region(code: try! township.code.child(number), name: name + suffix)
        }
    }

    public func count(at level: RegionLevel) -> Int { regions.count { $0.code.level == level } }

    /// One account per role and level, with predictable usernames so the demo can be tried
    /// at once: `city`, `county.410902`, `township.410902001`, `village.410902001001`, ….
    public var accounts: [Account] {
        var out = [
            Account(username: "admin", displayName: "系统管理员", role: .systemAdmin, region: Self.city.code),
            Account(username: "city", displayName: "濮阳市民政局", role: .cityOfficer, region: Self.city.code),
            Account(username: "hotline", displayName: "养老服务专线坐席", role: .hotlineOperator, region: Self.city.code),
        ]
        for county in Self.counties {
            out.append(
                Account(
                    username: "county.\(county.code.divisionCode)", displayName: "\(county.name)民政局",
                    role: .countyOfficer, region: county.code))
            guard let township = regions.first(where: { $0.code.level == .township && county.code.contains($0.code) }) else { continue }
            out.append(
                Account(
                    username: "township.\(township.code.significantPrefix)", displayName: "\(township.name)养老服务中心",
                    role: .townshipOfficer, region: township.code))
            for village in regions.filter({ $0.code.level == .village && township.code.contains($0.code) }).prefix(2) {
                out.append(
                    Account(
                        username: "village.\(village.code.value)", displayName: "\(village.name)工作人员",
                        role: .villageOfficer, region: village.code))
            }
        }
        let firstCounty = Self.counties[0]
        let firstTownship = regions.first { $0.code.level == .township }!
        let firstVillage = regions.first { $0.code.level == .village }!
        out += [
            Account(username: "assessor", displayName: "评估员", role: .assessor, region: firstCounty.code),
            Account(username: "inspector", displayName: "监管人员", role: .inspector, region: firstCounty.code),
            Account(username: "provider", displayName: "服务商管理员", role: .providerAdmin, region: Self.providerFirstCounty.code),
            Account(username: "worker", displayName: "护理员", role: .serviceWorker, region: firstTownship.code),
            Account(username: "institution", displayName: "养老机构工作人员", role: .institutionStaff, region: firstTownship.code),
            Account(username: "volunteer", displayName: "志愿者", role: .volunteer, region: firstVillage.code),
            Account(username: "elder", displayName: "老年人家属", role: .elderFamily, region: firstVillage.code, phone: Self.familyPhone),
        ]
        return out
    }
}
