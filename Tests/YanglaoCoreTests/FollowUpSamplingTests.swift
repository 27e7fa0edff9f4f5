import Testing

@testable import YanglaoCore

@Suite struct FollowUpSamplingTests {
    func candidates(_ provider: String, _ n: Int, troubled: Int) -> [FollowUpSampling.Candidate] {
        (0..<n).map { .init(orderID: "\(provider)-\(1000 + $0)", providerID: provider, troubled: $0 < troubled) }
    }

    @Test func providersWithMoreComplaintsAndFlagsAreCalledMoreAndEveryoneAtLeastOnce() {
        let rule = FollowUpSampling()
        let all = candidates("clean", 200, troubled: 0) + candidates("troubled", 200, troubled: 50) + candidates("tiny", 3, troubled: 0)
        let picked = rule.sample(all, seed: 47)
        let count = Dictionary(grouping: picked, by: \.providerID).mapValues(\.count)
        #expect(count["clean"] == 10)  // 5% of 200
        #expect(count["troubled"] == 20)  // 5% × (1 + 4 × 25%) = 10% of 200
        #expect(count["tiny"] == 1)  // at least one
        #expect(Set(picked.map(\.orderID)).count == picked.count)
        #expect(rule.sample(all, seed: 47).map(\.orderID) == picked.map(\.orderID))  // the same week picks the same
        #expect(rule.sample(all, seed: 48).map(\.orderID) != picked.map(\.orderID))
        #expect(rule.share(troubled: 200, of: 200) == 0.25 && FollowUpSampling(baseShare: 0.2).share(troubled: 10, of: 10) == 0.5)
        #expect(rule.sample([], seed: 1).isEmpty && rule.share(troubled: 0, of: 0) == 0)
    }
}
