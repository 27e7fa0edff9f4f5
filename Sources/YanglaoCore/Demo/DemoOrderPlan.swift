import Foundation

/// A year of the demo city's service orders, already lived: who ordered what, which worker
/// came, how it ended (mostly rated, some cancelled, expired, no-shows and complaints), with
/// every step's time. `city` size has 120 000 orders. Deterministic for a seed.
public struct DemoOrderPlan: Sendable {
    public struct Person: Sendable {
        public let id: String
        public let county: String
        public let position: GeoPoint
        public init(id: String, county: String, position: GeoPoint) {
            self.id = id
            self.county = county
            self.position = position
        }
    }
    public struct Worker: Sendable {
        public let id: String
        public let providerID: String
        public let county: String
        public let skills: [String]
        public let name: String
        public init(id: String, providerID: String, county: String, skills: [String], name: String) {
            self.id = id
            self.providerID = providerID
            self.county = county
            self.skills = skills
            self.name = name
        }
    }

    /// One past order and its steps.
    public struct Order: Sendable {
        public let person: Int
        public let worker: Int?
        public let serviceType: String
        public let priceFen: Int
        public let channel: OrderChannel
        public let createdAt: Date
        public let status: OrderStatus
        /// (event, status after, when, detail), in order.
        public let steps: [(event: OrderEvent, status: OrderStatus, at: Date, detail: String)]
        public let checkIn: Date?
        public let checkOut: Date?
        public let rating: Int?
        public let comment: String?
        public let complaint: String?
        public let cancelReason: String?
    }

    public let size: DemoSize

    public init(size: DemoSize) { self.size = size }

    public var count: Int {
        switch size {
        case .tiny: 200
        case .small: 5_000
        case .city: 120_000
        }
    }

    /// How often each service is ordered (meals most).
    static let demand: [(String, Double)] = [
        ("meal", 0.38), ("cleaning", 0.16), ("medical", 0.09), ("bathing", 0.07), ("shopping", 0.08), ("companionship", 0.06),
        ("haircut", 0.06), ("nursing", 0.05), ("mobility", 0.04), ("emergency", 0.01),
    ]
    static let endings: [(OrderStatus, Double)] = [
        (.rated, 0.69), (.completed, 0.16), (.cancelled, 0.08), (.expired, 0.03), (.noShow, 0.02), (.complained, 0.02),
    ]
    static let comments = ["准时，态度好", "很细心", "饭菜可口", "打扫得很干净", "师傅耐心", "", "", "", "还可以", "来晚了一点"]
    static let complaints = ["服务人员迟到一个小时", "打扫不干净，没擦窗户", "饭菜凉了", "服务时间太短"]
    static let cancelReasons = ["老人住院", "家属已自行处理", "时间改了", "不需要了"]

    /// The orders of the year before `now`, oldest first. People without a worker of the right
    /// skill in their county are skipped.
    public func orders(people: [Person], workers: [Worker], now: Date, seed: UInt64) -> [Order] {
        guard !people.isEmpty, !workers.isEmpty else { return [] }
        var rng = SeededGenerator(seed: seed &+ 0x0D_E40D)
        var bySkill: [String: [Int]] = [:]
        for (i, w) in workers.enumerated() { for s in w.skills { bySkill["\(w.county)|\(s)", default: []].append(i) } }
        // A few people order often (meals every few days), most now and then.
        let regulars = max(1, people.count / 20)
        let year = 365.0 * 86_400
        var out: [Order] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            let person =
                Double.random(in: 0..<1, using: &rng) < 0.4
                ? Int.random(in: 0..<regulars, using: &rng) : Int.random(in: 0..<people.count, using: &rng)
            let type = DemoElderPlan.pick(Self.demand, &rng)
            guard let candidates = bySkill["\(people[person].county)|\(type)"], let worker = candidates.randomElement(using: &rng),
                let service = ServiceCatalogue.type(type)
            else { continue }
            let created = now.addingTimeInterval(-Double.random(in: 3_600...year, using: &rng))
            let channel: OrderChannel = DemoElderPlan.pick([(.app, 0.45), (.phone, 0.35), (.officer, 0.2)], &rng)
            let ending = DemoElderPlan.pick(Self.endings, &rng)
            var steps: [(OrderEvent, OrderStatus, Date, String)] = []
            var t = created.addingTimeInterval(Double.random(in: 1...20, using: &rng))
            func step(_ e: OrderEvent, _ s: OrderStatus, after seconds: ClosedRange<Double>, _ detail: String = "") {
                t = t.addingTimeInterval(Double.random(in: seconds, using: &rng))
                steps.append((e, s, t, detail))
            }
            let name = workers[worker].name
            step(.dispatch, .dispatched, after: 0...2, "\(name)：示范数据")
            var checkIn: Date?
            var checkOut: Date?
            var rating: Int?
            var comment: String?
            var complaint: String?
            var cancelReason: String?
            switch ending {
            case .cancelled:
                cancelReason = Self.cancelReasons.randomElement(using: &rng)!
                step(.cancel, .cancelled, after: 60...7_200, cancelReason!)
            case .expired:
                step(.expire, .expired, after: 14_400...18_000, "超过服务时间仍无人上门")
            default:
                step(.accept, .accepted, after: 20...280, name)
                if ending == .noShow {
                    step(.noShow, .noShow, after: 1_800...5_400, "老人不在家")
                    break
                }
                step(.depart, .onTheWay, after: 300...1_800)
                step(.checkIn, .inService, after: 600...2_400, "距服务地址 \(Int.random(in: 5...120, using: &rng)) m")
                checkIn = t
                let minutes = Double(service.standardMinutes) * Double.random(in: 0.8...1.3, using: &rng)
                step(.checkOut, .completed, after: minutes * 60...minutes * 60 + 1, "服务记录：\(service.name)完成")
                checkOut = t
                if ending == .rated || ending == .complained {
                    let r = DemoElderPlan.pick([(5, 0.62), (4, 0.26), (3, 0.08), (2, 0.03), (1, 0.01)], &rng)
                    rating = r
                    comment = r >= 4 ? Self.comments.randomElement(using: &rng)! : "来晚了一点"
                    step(.rate, .rated, after: 600...86_400, "\(r) 星 \(comment!)")
                }
                if ending == .complained {
                    complaint = Self.complaints.randomElement(using: &rng)!
                    step(.complain, .complained, after: 600...86_400, complaint!)
                }
            }
            out.append(
                Order(
                    person: person, worker: worker, serviceType: type, priceFen: service.priceFen, channel: channel, createdAt: created,
                    status: steps.last!.1, steps: steps.map { (event: $0.0, status: $0.1, at: $0.2, detail: $0.3) },
                    checkIn: checkIn, checkOut: checkOut, rating: rating, comment: comment, complaint: complaint, cancelReason: cancelReason))
        }
        return out.sorted { $0.createdAt < $1.createdAt }
    }
}
