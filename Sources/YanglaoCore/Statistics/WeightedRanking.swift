/// 月通报排名: the regions of a report scored by weighted figures. Each figure's values are
/// put on a 0–100 scale across the regions (the best 100, the worst 0, turned round where
/// lower is better; all equal: all 100); a region without a value gets 0 for that figure.
/// The score is the weighted mean of the points; equal scores share a rank.
public enum WeightedRanking {
    public struct Weight: Sendable, Hashable, Codable {
        public let figure: String
        public let weight: Int

        public init(figure: String, weight: Int) {
            self.figure = figure
            self.weight = weight
        }
    }

    public struct Entry: Sendable, Equatable {
        public let index: Int
        public let score: Double
        public let rank: Int
        /// Points per weighted figure, in the order of the weights.
        public let points: [Double]
    }

    /// `values[region][figure]` in the order of `weights`; `higherIsBetter` likewise.
    /// Entries come best first; ties keep the regions' order.
    public static func rank(values: [[Double?]], weights: [Int], higherIsBetter: [Bool]) -> [Entry] {
        let total = weights.reduce(0, +)
        var points = [[Double]](repeating: [Double](repeating: 0, count: weights.count), count: values.count)
        for f in weights.indices {
            let known = values.compactMap { $0[f] }
            guard let low = known.min(), let high = known.max() else { continue }
            for r in values.indices {
                guard let v = values[r][f] else { continue }
                let scaled = high == low ? 1 : (v - low) / (high - low)
                points[r][f] = (higherIsBetter[f] ? scaled : 1 - scaled) * 100
            }
        }
        let scores = points.map { p -> Double in
            guard total > 0 else { return 0 }
            let sum = zip(p, weights).reduce(0) { $0 + $1.0 * Double($1.1) } / Double(total)
            return (sum * 100).rounded() / 100
        }
        let order = values.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        var entries: [Entry] = []
        for (position, index) in order.enumerated() {
            let rank = position > 0 && scores[order[position - 1]] == scores[index] ? entries[position - 1].rank : position + 1
            entries.append(Entry(index: index, score: scores[index], rank: rank, points: points[index]))
        }
        return entries
    }

    /// The weights a city starts with until it sets its own: enrolment, completion,
    /// satisfaction, answering alarms in time, calls back and closing complaints.
    public static let defaults: [Weight] = [
        Weight(figure: "people.enrolment_rate", weight: 25),
        Weight(figure: "orders.completion_rate", weight: 20),
        Weight(figure: "orders.good_rating_rate", weight: 15),
        Weight(figure: "alarms.answered60_rate", weight: 20),
        Weight(figure: "orders.followup_rate", weight: 10),
        Weight(figure: "orders.complaints_closed_rate", weight: 10),
    ]
}
