/// 回访抽样: each week a random sample of the week's completed orders goes to the hotline to
/// be called back. The share is larger for providers whose orders drew complaints or quality
/// flags: base × (1 + boost × the provider's problem share), capped. Every provider with
/// completed orders gets at least one call. Deterministic for a seed (the week), so sampling
/// the same week twice picks the same orders.
public struct FollowUpSampling: Sendable {
    public struct Candidate: Sendable, Hashable {
        public let orderID: String
        public let providerID: String
        /// The order drew a complaint or a quality flag.
        public let troubled: Bool

        public init(orderID: String, providerID: String, troubled: Bool) {
            self.orderID = orderID
            self.providerID = providerID
            self.troubled = troubled
        }
    }

    public var baseShare = 0.05
    public var boost = 4.0
    public var maximumShare = 0.5

    public init(baseShare: Double = 0.05, boost: Double = 4.0, maximumShare: Double = 0.5) {
        self.baseShare = baseShare
        self.boost = boost
        self.maximumShare = maximumShare
    }

    /// The share of `provider`'s orders called back, from its share of troubled orders.
    public func share(troubled: Int, of total: Int) -> Double {
        guard total > 0 else { return 0 }
        return min(maximumShare, baseShare * (1 + boost * Double(troubled) / Double(total)))
    }

    /// The orders to call back, grouped by provider in the order given, each provider's pick random.
    public func sample(_ candidates: [Candidate], seed: UInt64) -> [Candidate] {
        var rng = SeededGenerator(seed: seed)
        var byProvider: [String: [Candidate]] = [:]
        var providers: [String] = []
        for c in candidates {
            if byProvider[c.providerID] == nil { providers.append(c.providerID) }
            byProvider[c.providerID, default: []].append(c)
        }
        var picked: [Candidate] = []
        for provider in providers.sorted() {
            let orders = byProvider[provider]!.sorted { $0.orderID < $1.orderID }
            let share = share(troubled: orders.filter(\.troubled).count, of: orders.count)
            let count = min(orders.count, max(1, Int((Double(orders.count) * share).rounded())))
            picked += orders.shuffled(using: &rng).prefix(count)
        }
        return picked
    }
}
