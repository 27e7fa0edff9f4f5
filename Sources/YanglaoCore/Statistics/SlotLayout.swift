/// The named counters of one figure source, in a fixed order: a tally is an array of
/// integers in this order, so summing a city's villages is adding arrays.
public struct SlotLayout: Sendable, Hashable {
    public let names: [String]
    private let index: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var count: Int { names.count }

    public func slot(_ name: String) -> Int? { index[name] }

    /// The slots whose names start with `prefix` (`type.` gives every service type).
    public func slots(prefixed prefix: String) -> [Int] { names.indices.filter { names[$0].hasPrefix(prefix) } }

    /// A short stable code of the names and their order: tallies stored under another
    /// layout are recounted, never misread.
    public var code: String {
        var hash: UInt32 = 2_166_136_261  // FNV-1a
        for byte in names.joined(separator: ",").utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return String(hash, radix: 16)
    }

    public func empty() -> [Int] { [Int](repeating: 0, count: names.count) }

    /// Counts in slot order, comma-separated.
    public static func text(_ counts: [Int]) -> String { counts.map(String.init).joined(separator: ",") }

    /// Reads `text` back; nil unless it has exactly `count` numbers.
    public func counts(_ text: String) -> [Int]? {
        var out = [Int]()
        out.reserveCapacity(count)
        var value = 0
        var negative = false
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: ","):
                guard digits > 0 else { return nil }
                out.append(negative ? -value : value)
                value = 0
                digits = 0
                negative = false
            case UInt8(ascii: "-") where digits == 0 && !negative:
                negative = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = value &* 10 &+ Int(byte - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 18 else { return nil }
            default:
                return nil
            }
        }
        guard digits > 0 else { return nil }
        out.append(negative ? -value : value)
        return out.count == count ? out : nil
    }
}
