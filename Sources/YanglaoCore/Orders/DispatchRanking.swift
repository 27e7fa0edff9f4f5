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

    public init(id: String, providerID: String, name: String, position: GeoPoint, skills: Set<String>, onDuty: Bool,
                load: Int, capacity: Int, rating: Double) {
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

    public init(serviceType: String, serviceName: String, position: GeoPoint, region: RegionCode, excluded: Set<String> = [], provider: String? = nil) {
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

    public init(distanceBandMeters: Double = 500, maxDistanceMeters: Double = 20_000, offerTimeoutSeconds: Double = 300, expiryGraceSeconds: Double = 4 * 3_600) {
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
    /// "距离 1.2 km（1.0–1.5 km 档），当前 2/5 单，评分 4.8".
    public let explanation: String
}

/// Why workers near the order were passed over, counted.
public enum DispatchRejection: String, Sendable, CaseIterable, Codable {
    case skill, offDuty = "off_duty", overloaded, provider, excluded

    public var chineseName: String {
        switch self {
        case .skill: "技能不符"
        case .offDuty: "未在岗"
        case .overloaded: "已满负荷"
        case .provider: "服务商未准入或不服务该地区"
        case .excluded: "已拒单或超时"
        }
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
    public static func rank(_ request: DispatchRequest, in index: WorkerIndex, providers: [String: DispatchProvider],
                            policy: DispatchPolicy = DispatchPolicy(), limit: Int = 5) -> DispatchRanking {
        var found: [(worker: DispatchWorker, meters: Double)] = []
        var rejected: [DispatchRejection: Int] = [:]
        var examined = 0
        index.visit(around: request.position, within: policy.maxDistanceMeters, until: { lowerBound in
            // Stop once `limit` workers are found and no unseen worker can share the band of the last of them.
            guard found.count >= limit else { return false }
            let bands = found.map { policy.band($0.meters) }.sorted()
            return lowerBound >= Double(bands[limit - 1] + 1) * policy.distanceBandMeters
        }) { worker in
            examined += 1
            let rejection: DispatchRejection?
            if request.excluded.contains(worker.id) { rejection = .excluded }
            else if !worker.skills.contains(request.serviceType) { rejection = .skill }
            else if !worker.onDuty { rejection = .offDuty }
            else if worker.load >= worker.capacity { rejection = .overloaded }
            else if let only = request.provider, worker.providerID != only { rejection = .provider }
            else if providers[worker.providerID]?.serves(request.region) != true { rejection = .provider }
            else { rejection = nil }
            let meters = worker.position.distance(to: request.position)
            guard meters <= policy.maxDistanceMeters else { return }
            if let rejection { rejected[rejection, default: 0] += 1 } else { found.append((worker, meters)) }
        }
        let ordered = found.sorted { a, b in
            let (ba, bb) = (policy.band(a.meters), policy.band(b.meters))
            if ba != bb { return ba < bb }
            if a.worker.load != b.worker.load { return a.worker.load < b.worker.load }
            if a.worker.rating != b.worker.rating { return a.worker.rating > b.worker.rating }
            if a.meters != b.meters { return a.meters < b.meters }
            return a.worker.id < b.worker.id
        }.prefix(limit)
        let ranked = ordered.map { w, meters in
            let band = policy.band(meters)
            let low = Double(band) * policy.distanceBandMeters, high = low + policy.distanceBandMeters
            let text = "距离 \(GeoPoint.distanceText(meters))（\(GeoPoint.distanceText(low))–\(GeoPoint.distanceText(high)) 档），"
                + "当前 \(w.load)/\(w.capacity) 单，评分 \(String(format: "%.1f", w.rating))，具备“\(request.serviceName)”技能，在岗"
            return RankedWorker(worker: w, distanceMeters: meters, band: band, explanation: text)
        }
        return DispatchRanking(ranked: ranked, rejected: rejected, examined: examined)
    }
}
