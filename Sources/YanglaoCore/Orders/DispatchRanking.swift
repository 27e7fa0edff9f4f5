/// 服务人员 as dispatch sees them.
public struct DispatchWorker: Sendable, Hashable {
    public var id: String
    public var providerID: String
    public var name: String
    /// Where the worker is now (the phone's last position, or the home base).
    public var position: GeoPoint
    public var skills: Set<String>
    public var onDuty: Bool
    /// Open orders the worker has accepted or been offered.
    public var load: Int
    /// Most open orders at once.
    public var capacity: Int
    /// 0–5, from ratings and follow-up calls.
    public var rating: Double

    public init(
        id: String, providerID: String, name: String, position: GeoPoint, skills: Set<String>, onDuty: Bool,
        load: Int, capacity: Int, rating: Double
    ) {
        self.id = id
        self.providerID = providerID
        self.name = name
        self.position = position
        self.skills = skills
        self.onDuty = onDuty
        self.load = load
        self.capacity = capacity
        self.rating = rating
    }
}

/// 服务商 as dispatch sees them: admitted (准入, not suspended) and the regions they serve.
public struct DispatchProvider: Sendable, Hashable {
    public var id: String
    public var name: String
    public var admitted: Bool
    public var serviceArea: [RegionCode]

    public init(id: String, name: String, admitted: Bool, serviceArea: [RegionCode]) {
        self.id = id
        self.name = name
        self.admitted = admitted
        self.serviceArea = serviceArea
    }

    public func serves(_ region: RegionCode) -> Bool { admitted && serviceArea.contains { $0.contains(region) } }
}

/// What an order needs from a worker.
public struct DispatchRequest: Sendable {
    public var serviceType: String
    public var serviceName: String
    public var position: GeoPoint
    public var region: RegionCode
    /// Workers who refused this order or let an offer lapse.
    public var excluded: Set<String>
    /// Mode (a): only this provider's workers (the provider assigns); nil in mode (b).
    public var provider: String?

    public init(serviceType: String, serviceName: String, position: GeoPoint, region: RegionCode, excluded: Set<String> = [], provider: String? = nil)
    {
        self.serviceType = serviceType
        self.serviceName = serviceName
        self.position = position
        self.region = region
        self.excluded = excluded
        self.provider = provider
    }
}

/// How dispatch weighs distance against load and rating.
public struct DispatchPolicy: Sendable, Hashable, Codable {
    /// Distances are compared in bands of this width: within a band the lighter load wins,
    /// then the better rating, then the shorter distance. (Strictly by metres, load and
    /// rating would never decide anything.)
    public var distanceBandMeters: Double = 500
    /// Workers farther than this are not offered the order.
    public var maxDistanceMeters: Double = 20_000

    /// An offer not accepted within this many seconds goes to the next worker.
    public var offerTimeoutSeconds: Double = 300
    /// An order nobody has started this long after the time wanted expires.
    public var expiryGraceSeconds: Double = 4 * 3_600

    public init(
        distanceBandMeters: Double = 500, maxDistanceMeters: Double = 20_000, offerTimeoutSeconds: Double = 300,
        expiryGraceSeconds: Double = 4 * 3_600
    ) {
        self.distanceBandMeters = distanceBandMeters
        self.maxDistanceMeters = maxDistanceMeters
        self.offerTimeoutSeconds = offerTimeoutSeconds
        self.expiryGraceSeconds = expiryGraceSeconds
    }

    func band(_ meters: Double) -> Int { Int(meters / distanceBandMeters) }
}

/// One qualified worker in ranking order, with why.
public struct RankedWorker: Sendable, Hashable {
    public let worker: DispatchWorker
    public let distanceMeters: Double
    public let band: Int
    let bandMeters: Double
    let serviceName: String

    /// "距离 1.2 km（1.0–1.5 km 档），当前 2/5 单，评分 4.8，具备“助浴”技能，在岗" — written when
    /// asked for (only the worker offered the order needs it).
    public var explanation: String {
        let low = Double(band) * bandMeters
        let high = low + bandMeters
        return "距离 \(GeoPoint.distanceText(distanceMeters))（\(GeoPoint.distanceText(low))–\(GeoPoint.distanceText(high)) 档），"
            + "当前 \(worker.load)/\(worker.capacity) 单，评分 \(String(format: "%.1f", worker.rating))，具备“\(serviceName)”技能，在岗"
    }
}

/// Why workers near the order were passed over, counted.
public enum DispatchRejection: String, Sendable, CaseIterable, Codable {
    case skill
    case offDuty = "off_duty"
    case overloaded, provider, excluded

    public var chineseName: String {
        switch self {
        case .skill: "技能不符"
        case .offDuty: "未在岗"
        case .overloaded: "已满负荷"
        case .provider: "服务商未准入或不服务该地区"
        case .excluded: "已拒单或超时"
        }
    }

    /// Its place in `allCases`, for counting in an array.
    var position: Int {
        switch self {
        case .skill: 0
        case .offDuty: 1
        case .overloaded: 2
        case .provider: 3
        case .excluded: 4
        }
    }
}

/// A qualified worker while ranking: what the order of the ranking needs, by slot.
struct Candidate {
    let slot: Int32
    let meters: Double
    let band: Int
    let load: Int32
    let rating: Double

    /// Distance band, then lighter load, then better rating, then shorter distance, then id.
    func ranks(before other: Candidate, in index: WorkerIndex) -> Bool {
        if band != other.band { return band < other.band }
        if load != other.load { return load < other.load }
        if rating != other.rating { return rating > other.rating }
        if meters != other.meters { return meters < other.meters }
        return index.record(slot).id < index.record(other.slot).id
    }
}

public struct DispatchRanking: Sendable {
    public let ranked: [RankedWorker]
    public let rejected: [DispatchRejection: Int]
    /// Workers whose qualification was checked (the index keeps this small).
    public let examined: Int

    /// When nobody qualifies: the reason for the hotline queue.
    public func nobodyReason(_ request: DispatchRequest, policy: DispatchPolicy) -> String {
        let counts = DispatchRejection.allCases.compactMap { r in rejected[r].map { "\(r.chineseName) \($0) 人" } }
        return "\(GeoPoint.distanceText(policy.maxDistanceMeters)) 内没有可接“\(request.serviceName)”单的服务人员"
            + (counts.isEmpty ? "（附近没有服务人员）" : "（" + counts.joined(separator: "，") + "）")
    }
}

extension DispatchRanking {
    /// The `limit` best qualified workers for `request`: right skill, on duty, provider
    /// admitted and serving the order's region, not at capacity, not excluded; ranked by
    /// distance band, then load, then rating, then distance. Reads only the index cells
    /// near the order.
    public static func rank(
        _ request: DispatchRequest, in index: WorkerIndex, providers: [String: DispatchProvider],
        policy: DispatchPolicy = DispatchPolicy(), limit: Int = 5
    ) -> DispatchRanking {
        // Everything that does not depend on the worker is worked out once per order.
        let bit = index.skillBits[request.serviceType]
        let mask: UInt64 = bit.map { 1 << UInt64($0) } ?? 0
        let sharedBit = bit == WorkerIndex.sharedSkillBit
        let serving = index.providerIDs.map { id in
            (request.provider == nil || request.provider == id) && providers[id]?.serves(request.region) == true
        }
        let excluded = Set(request.excluded.compactMap { index.slot(of: $0) })
        let center = UnitVector(request.position)
        let reach = UnitVector.chordSquared(meters: policy.maxDistanceMeters)
        var rejections = [Int](repeating: 0, count: DispatchRejection.allCases.count)
        var examined = 0
        // The best `limit` so far, best first.
        var best: [Candidate] = []
        best.reserveCapacity(limit + 1)
        // Beyond this squared chord a worker lies past the band of the last of `best`.
        var cutoff = Double.infinity
        index.visit(
            around: request.position, within: policy.maxDistanceMeters,
            until: { lowerBound in
                // Stop once `limit` workers are found and no unseen worker can share the band of the last of them.
                guard best.count >= limit, let last = best.last else { return false }
                return lowerBound >= Double(last.band + 1) * policy.distanceBandMeters
            },
            visiting: { w in
                examined += 1
                let dx = w.x - center.x
                let dy = w.y - center.y
                let dz = w.z - center.z
                let c2 = dx * dx + dy * dy + dz * dz
                guard c2 <= reach else { return }
                let rejection: DispatchRejection?
                if !excluded.isEmpty && excluded.contains(w.slot) {
                    rejection = .excluded
                } else if w.skills & mask == 0 || (sharedBit && !index.record(w.slot).skills.contains(request.serviceType)) {
                    rejection = .skill
                } else if !w.onDuty {
                    rejection = .offDuty
                } else if w.load >= w.capacity {
                    rejection = .overloaded
                } else if !serving[Int(w.provider)] {
                    rejection = .provider
                } else {
                    rejection = nil
                }
                if let rejection {
                    rejections[rejection.position] += 1
                    return
                }
                guard c2 < cutoff else { return }
                let meters = UnitVector.meters(chordSquared: c2)
                let candidate = Candidate(slot: w.slot, meters: meters, band: policy.band(meters), load: w.load, rating: w.rating)
                if best.count == limit, let last = best.last, !candidate.ranks(before: last, in: index) { return }
                let at = best.firstIndex { candidate.ranks(before: $0, in: index) } ?? best.count
                best.insert(candidate, at: at)
                if best.count > limit { best.removeLast() }
                if best.count == limit, let last = best.last {
                    cutoff = UnitVector.chordSquared(meters: Double(last.band + 1) * policy.distanceBandMeters)
                }
            })
        var rejected: [DispatchRejection: Int] = [:]
        for r in DispatchRejection.allCases where rejections[r.position] > 0 { rejected[r] = rejections[r.position] }
        let ordered = best.map { (index.record($0.slot), $0.meters) }
        let ranked = ordered.map { w, _ in
            // The distance shown, as everywhere else: haversine from the positions.
            let meters = w.position.distance(to: request.position)
            return RankedWorker(
                worker: w, distanceMeters: meters, band: policy.band(meters), bandMeters: policy.distanceBandMeters,
                serviceName: request.serviceName)
        }
        return DispatchRanking(ranked: ranked, rejected: rejected, examined: examined)
    }
}
