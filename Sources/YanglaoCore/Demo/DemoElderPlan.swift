/// The demo city's register: people with valid ID numbers whose county and birth date
/// match where they live, with age and category shares shaped by the seeds (60+ is 17.67%
/// of residents and 65+ 13.15% [S000]: so three in four elders are 65 or over). `city`
/// size has about 667 000 people. Deterministic for a seed; ages are counted from a fixed
/// reference day so the same seed always gives the same people.
public struct DemoElderPlan: Sendable {
    public static let referenceDay = CalendarDate(year: 2026, month: 7, day: 1)!

    public let city: DemoCityPlan

    public init(city: DemoCityPlan) { self.city = city }

    public var perVillage: Int {
        switch city.size {
        case .tiny: 8
        case .small: 30
        case .city: 228
        }
    }

    public var villages: [DemoCityPlan.Region] { city.regions.filter { $0.code.level == .village } }
    public var count: Int { villages.count * perVillage }

    /// Shares of the 60+ population by age band (sum 1): 25.6% are 60–64, as the seeds' 17.67% / 13.15% imply.
    static let ageShares: [(ClosedRange<Int>, Double)] = [
        (60...64, 0.256), (65...69, 0.25), (70...74, 0.20), (75...79, 0.13), (80...84, 0.09), (85...89, 0.05), (90...99, 0.023), (100...104, 0.001),
    ]

    /// Category shares among elders (illustrative, not official statistics).
    static let categoryShares: [(ElderCategory, Double)] = [
        (.minimumLiving, 0.05), (.extremePoverty, 0.01), (.lowIncome, 0.03), (.dementia, 0.02), (.leftBehind, 0.03),
        (.severeDisability, 0.015), (.familyPlanningSpecial, 0.005), (.entitledCare, 0.01), (.militaryFamily, 0.005), (.majorContribution, 0.001),
    ]

    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎")
    static let maleNames = Array("建国志强明德福全文华保国永庆新民振海金山长春世杰清华广田")
    static let femaleNames = Array("秀兰桂英玉珍淑芬凤英秀英桂兰玉兰春梅翠花素珍月娥美玲")
    static let countyCentres: [String: (Double, Double)] = [
        "410902": (35.76, 115.03), "410922": (35.90, 115.12), "410923": (36.07, 115.21),
        "410926": (35.85, 115.50), "410927": (35.97, 115.87), "410928": (35.70, 115.03),
    ]

    /// The people of one county, in village order. Sequence numbers are unique per birth day
    /// within the county (odd for men, even for women), so every ID number is unique.
    public func elders(ofCounty county: String, seed: UInt64) -> [ElderRecord] {
        var rng = SeededGenerator(seed: seed &+ (UInt64(county) ?? 0) &* 0x9E37_79B9)
        var nextSeq: [Int: (male: Int, female: Int)] = [:]
        var out: [ElderRecord] = []
        let day = Self.referenceDay
        let centre = Self.countyCentres[county] ?? (35.76, 115.03)
        for village in villages where village.code.value.hasPrefix(county) {
            let vlat = centre.0 + Double.random(in: -0.12...0.12, using: &rng)
            let vlon = centre.1 + Double.random(in: -0.12...0.12, using: &rng)
            for n in 0..<perVillage {
                let age = Self.pick(Self.ageShares, &rng).randomElement(using: &rng)!
                // Women outlive men: the female share grows with age.
                let female = Double.random(in: 0..<1, using: &rng) < 0.5 + Double(age - 60) * 0.004
                let birth = day.addingYears(-age).addingDays(-Int.random(in: 1...364, using: &rng))
                let key = birth.dayNumber
                var counters = nextSeq[key] ?? (0, 0)
                let seq: Int
                if female {
                    counters.female += 1
                    seq = counters.female * 2
                } else {
                    counters.male += 1
                    seq = counters.male * 2 - 1
                }
                nextSeq[key] = counters
                guard seq < 1000 else { continue }  // more than 499 of one sex born that day in one county: skip
                let digits =
                    String(birth.year) + Self.two(birth.month) + Self.two(birth.day) + String(repeating: "0", count: 3 - String(seq).count)
                    + String(seq)
                let body = county + digits
                let id = try! CitizenID(body + String(CitizenID.checkCharacter(for: body)), today: day)
                let surname = Self.surnames.randomElement(using: &rng)!
                let given = (female ? Self.femaleNames : Self.maleNames)
                let name =
                    String(surname) + String(given.randomElement(using: &rng)!)
                    + (Bool.random(using: &rng) ? String(given.randomElement(using: &rng)!) : "")

                var categories: [CategoryMembership] = []
                func since() -> CalendarDate { day.addingDays(-Int.random(in: 30...3650, using: &rng)) }
                for (category, share) in Self.categoryShares where Double.random(in: 0..<1, using: &rng) < share {
                    categories.append(CategoryMembership(category: category, since: since(), source: "示范数据"))
                }
                // Disability grows with age: about 4% 失能 and 8% 半失能 over all elders.
                let frail = Double(max(0, age - 70)) * 0.003
                let r = Double.random(in: 0..<1, using: &rng)
                if r < 0.015 + frail {
                    categories.append(CategoryMembership(category: .disabled, since: since(), source: "示范数据"))
                } else if r < 0.05 + 2 * frail {
                    categories.append(CategoryMembership(category: .semiDisabled, since: since(), source: "示范数据"))
                }
                let home = Double.random(in: 0..<1, using: &rng)
                let living: LivingSituation =
                    home < 0.10 ? .alone : home < 0.45 ? .withSpouse : home < 0.93 ? .withChildren : home < 0.98 ? .withOthers : .institution
                if living == .alone { categories.append(CategoryMembership(category: .livingAlone, since: since(), source: "示范数据")) }
                if living == .withSpouse, Bool.random(using: &rng) {
                    categories.append(CategoryMembership(category: .emptyNest, since: since(), source: "示范数据"))
                }

                let phone = Double.random(in: 0..<1, using: &rng) < 0.65 ? try! PhoneNumber(Self.mobile(&rng)) : nil
                var contacts: [Contact] = []
                if Double.random(in: 0..<1, using: &rng) < 0.8 {
                    let child =
                        String(surname) + String(Self.maleNames.randomElement(using: &rng)!) + String(Self.maleNames.randomElement(using: &rng)!)
                    contacts.append(
                        Contact(name: child, relation: Bool.random(using: &rng) ? "儿子" : "女儿", phone: try! PhoneNumber(Self.mobile(&rng))))
                }
                out.append(
                    ElderRecord(
                        citizenID: id, name: name, phone: phone, address: "\(village.name)\(n + 1)号", region: village.code,
                        location: GeoPoint(
                            latitude: vlat + Double.random(in: -0.004...0.004, using: &rng),
                            longitude: vlon + Double.random(in: -0.004...0.004, using: &rng)),
                        household: Household(isLocal: Double.random(in: 0..<1, using: &rng) < 0.95, place: nil),
                        living: living, enrolledOn: day.addingDays(-Int.random(in: 0...1800, using: &rng)),
                        categories: categories, contacts: contacts))
            }
        }
        return out
    }

    static func pick<T>(_ shares: [(T, Double)], _ rng: inout SeededGenerator) -> T {
        var x = Double.random(in: 0..<1, using: &rng)
        for (value, share) in shares {
            if x < share { return value }
            x -= share
        }
        return shares.last!.0
    }

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    static func mobile(_ rng: inout SeededGenerator) -> String {
        "1" + ["3", "5", "7", "8", "9"].randomElement(using: &rng)! + String(Int.random(in: 100_000_000...999_999_999, using: &rng))
    }
}
