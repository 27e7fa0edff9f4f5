/// 统计用区划代码: the 12-digit statistical division code that keys every region.
///
/// Layout: `PP CC DD TTT VVV` — province, city, county (the first 6 digits are GB/T 2260),
/// then the township segment (乡级, GB/T 10114) and the village segment (村级).
/// A code's level is the deepest non-zero segment; its subtree is every code that starts
/// with its significant prefix.
public struct RegionCode: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let value: String

    public enum ParseError: Error, Equatable, Sendable {
        case wrongLength(Int)
        case notDigits
        case invalidProvince(String)
        case segmentOutOfRange(segment: String, value: String)
        case missingParentSegment
    }

    public init(_ text: String) throws(ParseError) {
        let digits = Array(text.utf8)
        guard digits.count == 12 else { throw .wrongLength(digits.count) }
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { throw .notDigits }
        let code = String(decoding: digits, as: UTF8.self)
        let province = Int(code.prefix(2))!
        guard (11...82).contains(province) else { throw .invalidProvince(String(code.prefix(2))) }
        let segments = RegionCode.segments(of: code)
        if segments.township >= 600 {
            throw .segmentOutOfRange(segment: "township", value: String(code.dropFirst(6).prefix(3)))
        }
        if segments.village >= 600 {
            throw .segmentOutOfRange(segment: "village", value: String(code.suffix(3)))
        }
        // A deeper segment may only be set when every shallower one is set: 410900000001 is not a code.
        let levels = [segments.city, segments.county, segments.township, segments.village]
        if let firstZero = levels.firstIndex(of: 0), levels[firstZero...].contains(where: { $0 != 0 }) {
            throw .missingParentSegment
        }
        self.value = code
    }

    /// Accepts only codes that are known to be valid, e.g. literals in code and tests.
    public init(validated: String) {
        do { self = try RegionCode(validated) } catch { preconditionFailure("invalid region code literal \(validated): \(error)") }
    }

    public var description: String { value }

    public static func < (lhs: RegionCode, rhs: RegionCode) -> Bool { lhs.value < rhs.value }

    private static func segments(of code: String) -> (city: Int, county: Int, township: Int, village: Int) {
        let u = Array(code.utf8).map { Int($0) - 48 }
        return (u[2] * 10 + u[3], u[4] * 10 + u[5], u[6] * 100 + u[7] * 10 + u[8], u[9] * 100 + u[10] * 10 + u[11])
    }

    public var level: RegionLevel {
        let s = RegionCode.segments(of: value)
        if s.village != 0 { return .village }
        if s.township != 0 { return .township }
        if s.county != 0 { return .county }
        if s.city != 0 { return .city }
        return .province
    }

    /// The digits that identify this region; every code in its subtree starts with them.
    public var significantPrefix: String {
        String(value.prefix(level.prefixLength))
    }

    /// The region directly above, or nil for a province.
    public var parent: RegionCode? {
        guard let up = level.parent else { return nil }
        let kept = value.prefix(up.prefixLength)
        return RegionCode(validated: kept + String(repeating: "0", count: 12 - kept.count))
    }

    /// The county (县级) this region is in or is; nil above county level.
    public var county: RegionCode? { lineage.first { $0.level == .county } }

    /// Every region from the province down to this one, this one last.
    public var lineage: [RegionCode] {
        var chain = [self]
        while let up = chain[0].parent { chain.insert(up, at: 0) }
        return chain
    }

    /// The deepest region containing all of `codes` (nil for none, or codes of different provinces).
    public static func commonAncestor(of codes: some Sequence<RegionCode>) -> RegionCode? {
        var iterator = codes.makeIterator()
        guard let first = iterator.next() else { return nil }
        var chain = first.lineage
        while let code = iterator.next() {
            while let last = chain.last, !last.contains(code) { chain.removeLast() }
        }
        return chain.last
    }

    /// True when `other` is this region or lies anywhere below it.
    public func contains(_ other: RegionCode) -> Bool {
        other.value.hasPrefix(significantPrefix)
    }

    /// The GB/T 2260 county-and-above part (first 6 digits).
    public var divisionCode: String { String(value.prefix(6)) }

    /// 乡级 kind for township codes, 村级 kind for village codes.
    public var kind: RegionKind {
        let s = RegionCode.segments(of: value)
        switch level {
        case .province: return .province
        case .city: return .city
        case .county: return (71...79).contains(s.county) ? .developmentZone : .county
        case .township:
            switch s.township {
            case 1...99: return .street
            case 100...199: return .town
            case 200...399: return .township
            default: return .specialTownship
            }
        case .village:
            switch s.village {
            case 1...199: return .community
            case 200...399: return .village
            default: return .otherVillage
            }
        }
    }

    /// Builds the code of a child of this region from its segment number.
    public func child(_ number: Int) throws(ParseError) -> RegionCode {
        let prefix = significantPrefix
        switch level {
        case .province, .city:
            return try RegionCode(prefix + pad(number, 2) + String(repeating: "0", count: 10 - prefix.count))
        case .county:
            return try RegionCode(prefix + pad(number, 3) + "000")
        case .township:
            return try RegionCode(prefix + pad(number, 3))
        case .village:
            throw .missingParentSegment
        }
    }

    private func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try RegionCode(text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a 12-digit region code: \(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}
