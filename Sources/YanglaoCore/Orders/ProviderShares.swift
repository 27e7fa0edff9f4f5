/// 派单到服务商 (mode a): the order goes to one of the admitted providers that can serve it,
/// sharing orders fairly — the provider furthest below its share this period, then the one
/// with the nearest qualified worker.
public enum ProviderShares {
    public struct Candidate: Sendable, Hashable {
        public let providerID: String
        public let name: String
        /// Orders given to the provider this period.
        public let assigned: Int
        /// Its share (1 each by default; a region may weight providers by capacity).
        public let weight: Double
        /// Its nearest qualified worker.
        public let nearestMeters: Double

        public init(providerID: String, name: String, assigned: Int, weight: Double = 1, nearestMeters: Double) {
            self.providerID = providerID
            self.name = name
            self.assigned = assigned
            self.weight = weight
            self.nearestMeters = nearestMeters
        }

        var ratio: Double { Double(assigned) / max(weight, 0.0001) }
    }

    /// The provider to offer the order to, with why; nil when there is none.
    public static func choose(_ candidates: [Candidate]) -> (candidate: Candidate, explanation: String)? {
        guard
            let best = candidates.min(by: { a, b in
                if a.ratio != b.ratio { return a.ratio < b.ratio }
                if a.nearestMeters != b.nearestMeters { return a.nearestMeters < b.nearestMeters }
                return a.providerID < b.providerID
            })
        else { return nil }
        let shares = candidates.sorted { $0.ratio < $1.ratio }
            .map { "\($0.name) 本期 \($0.assigned) 单" + ($0.weight == 1 ? "" : "（份额 \(String(format: "%g", $0.weight))）") }
        return (best, "按份额轮派：" + shares.joined(separator: "，") + "；派给 \(best.name)（最近服务人员 \(GeoPoint.distanceText(best.nearestMeters))）")
    }

    /// The providers that can serve `request`, from a ranking of their qualified workers
    /// (each provider once, at its nearest worker), with their counts this period.
    public static func candidates(
        from ranking: DispatchRanking, providers: [String: DispatchProvider], assigned: [String: Int],
        weights: [String: Double] = [:]
    ) -> [Candidate] {
        var nearest: [String: Double] = [:]
        for r in ranking.ranked where nearest[r.worker.providerID].map({ r.distanceMeters < $0 }) ?? true {
            nearest[r.worker.providerID] = r.distanceMeters
        }
        return nearest.map { id, meters in
            Candidate(providerID: id, name: providers[id]?.name ?? id, assigned: assigned[id] ?? 0, weight: weights[id] ?? 1, nearestMeters: meters)
        }
    }
}

/// 派单模式 of a county: (a) to a provider first, which assigns one of its workers; (b)
/// straight to the best-ranked worker.
public enum DispatchMode: String, Sendable, Codable, CaseIterable {
    case provider, worker

    public var chineseName: String { self == .provider ? "先派服务商，由服务商指派人员" : "直接派给服务人员" }
}
