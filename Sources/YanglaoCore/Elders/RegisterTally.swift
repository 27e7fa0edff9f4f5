/// The register of one place counted by status, sex, age band, category and enrolment (the
/// last four for people in the register only), kept as text so a city's villages sum quickly: the
/// counts sit in fixed slots, one per known key, so adding two tallies is adding arrays.
public struct RegisterTally: Sendable, Equatable {
    public enum Dimension: String, Sendable, CaseIterable { case status, sex, band, category, enrolment }

    /// 入网: whether a person of the register has an enrolment date.
    public enum Enrolment: String, Sendable, CaseIterable {
        case enrolled
        case notEnrolled = "not_enrolled"
    }

    /// Every slot's `dimension.key` name, in slot order.
    public static let slotNames: [String] =
        ElderStatus.allCases.map { "status.\($0.rawValue)" } + Sex.allCases.map { "sex.\($0.rawValue)" }
        + AgeBand.allCases.map { "band.\($0.rawValue)" } + ElderCategory.allCases.map { "category.\($0.rawValue)" }
        + Enrolment.allCases.map { "enrolment.\($0.rawValue)" }
    static let slotOfName: [Substring: Int] = Dictionary(uniqueKeysWithValues: slotNames.enumerated().map { (Substring($1), $0) })
    static let sexSlots = slotNames.indices.filter { slotNames[$0].hasPrefix("sex.") }

    private var slots = [Int](repeating: 0, count: RegisterTally.slotNames.count)

    public init() {}

    /// The counts in slot order (`slotNames`).
    public var slotCounts: [Int] { slots }

    /// Adds `n` under `key` of `dimension`; keys that are no status, sex, band or category are ignored.
    public mutating func add(_ n: Int, _ dimension: Dimension, _ key: String) {
        guard let slot = Self.slotOfName[Substring("\(dimension.rawValue).\(key)")] else { return }
        slots[slot] += n
    }

    public mutating func add(_ other: RegisterTally) {
        for i in slots.indices { slots[i] += other.slots[i] }
    }

    public func count(_ dimension: Dimension, _ key: String) -> Int {
        Self.slotOfName[Substring("\(dimension.rawValue).\(key)")].map { slots[$0] } ?? 0
    }

    /// People in the register (status active): every one of them has a sex.
    public var active: Int { Self.sexSlots.reduce(0) { $0 + slots[$1] } }

    /// The counts of one dimension keyed by a value type, zeros left out.
    public func counts<Key: RawRepresentable & Hashable>(_ dimension: Dimension, as: Key.Type) -> [Key: Int] where Key.RawValue == String {
        let prefix = dimension.rawValue + "."
        var out: [Key: Int] = [:]
        for (slot, name) in Self.slotNames.enumerated() where slots[slot] != 0 && name.hasPrefix(prefix) {
            if let key = Key(rawValue: String(name.dropFirst(prefix.count))) { out[key] = slots[slot] }
        }
        return out
    }

    /// The slots' names in order, as a short stable code: tallies stored under another
    /// layout (a category added) are recounted, never misread.
    public static let layout: String = {
        var hash: UInt32 = 2_166_136_261  // FNV-1a
        for byte in slotNames.joined(separator: ",").utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return String(hash, radix: 16)
    }()

    /// The counts in slot order, comma-separated (`5,0,0,3,2,…`).
    public var text: String { slots.map(String.init).joined(separator: ",") }

    /// Reads `text` as `text` writes it; nil unless it has one number per slot.
    public init?(text: String) {
        var slot = 0
        var value = 0
        var digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ",") {
                guard digits > 0, slot < slots.count - 1 else { return nil }
                slots[slot] = value
                slot += 1
                value = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value &* 10 &+ Int(byte - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 18 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, slot == slots.count - 1 else { return nil }
        slots[slot] = value
    }
}
