import Foundation

/// 可信代理: the proxies in front of the platform (`YANGLAO_TRUSTED_PROXIES`, none by
/// default). Only a request that arrives from one of them may name the client's address in
/// `X-Forwarded-For`; from any other peer the header is ignored, so nobody can pick the
/// address that login throttling and the audit log see.
public struct TrustedProxies: Sendable, Equatable {
    /// One entry: an address, or an IPv4 network in CIDR form (`10.0.0.0/8`).
    enum Entry: Sendable, Equatable {
        case exact(String)
        case ipv4Network(base: UInt32, mask: UInt32)
    }

    let entries: [Entry]

    public static let none = TrustedProxies(entries: [])

    init(entries: [Entry]) { self.entries = entries }

    /// Parses a comma-separated list; nil (with the bad entry) when an entry is not an address or network.
    public static func parse(_ text: String) -> Result<TrustedProxies, InvalidEntry> {
        var entries: [Entry] = []
        for raw in text.split(separator: ",") {
            let item = raw.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            if let slash = item.firstIndex(of: "/") {
                guard let base = ipv4(String(item[..<slash])), let bits = Int(item[item.index(after: slash)...]), (0...32).contains(bits) else {
                    return .failure(InvalidEntry(text: item))
                }
                let mask: UInt32 = bits == 0 ? 0 : UInt32.max << (32 - UInt32(bits))
                entries.append(.ipv4Network(base: base & mask, mask: mask))
            } else if ipv4(item) != nil || item.contains(":") {
                entries.append(.exact(item.lowercased()))
            } else {
                return .failure(InvalidEntry(text: item))
            }
        }
        return .success(TrustedProxies(entries: entries))
    }

    public struct InvalidEntry: Error, Sendable, Equatable {
        public let text: String
        public init(text: String) { self.text = text }
    }

    public var isEmpty: Bool { entries.isEmpty }

    public func contains(_ address: String) -> Bool {
        let address = address.lowercased()
        let v4 = Self.ipv4(address)
        return entries.contains { entry in
            switch entry {
            case .exact(let text): text == address
            case .ipv4Network(let base, let mask): v4.map { $0 & mask == base } ?? false
            }
        }
    }

    /// The client's address: the peer itself unless it is a trusted proxy; then the nearest
    /// hop of `X-Forwarded-For` (read from the right) that is not a trusted proxy.
    public func clientAddress(peer: String?, forwardedFor: String?) -> String? {
        guard let peer, contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !contains(hop) {
            return Self.isAddress(hop) ? hop : peer
        }
        return hops.first ?? peer
    }

    static func isAddress(_ text: String) -> Bool {
        ipv4(text) != nil || (text.contains(":") && text.count <= 45 && text.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." })
    }

    static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), let byte = UInt8(part) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }
}
