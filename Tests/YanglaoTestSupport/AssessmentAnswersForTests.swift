import YanglaoCore

/// Answers on GB/T 42195 adding up to `total`: every item at its best, lowered item by item.
public func answers(total: Int) -> [String: Int] {
    var out: [String: Int] = [:]
    var toLose = AbilityScale.gbt42195.maximum - total
    for item in AbilityScale.gbt42195.items {
        var score = item.maximum
        while toLose > 0 && score > 0 && item.option(scoring: score - 1) != nil { score -= 1; toLose -= 1 }
        out[item.code] = score
    }
    return out
}
