/// 站内跳转: the one check every redirect target taken from a request passes. A target is
/// followed only when it is a path on this site by a strict grammar: it starts with one `/`
/// (not `//` or `/\`, which browsers read as another host), and every character is a
/// printable ASCII character allowed in a URL path or query (RFC 3986). So no CR or LF can
/// reach a `Location` header and no tab or space can turn `/\t/host` into `//host`.
public enum LocalRedirect {
    /// The longest target kept; longer ones are not from any page of ours.
    public static let maximumLength = 2_048

    /// `text` when it is a safe same-site path, else `fallback`.
    public static func path(_ text: String?, fallback: String = "/") -> String {
        guard let text, isSafe(text) else { return fallback }
        return text
    }

    public static func isSafe(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count <= maximumLength, bytes.first == UInt8(ascii: "/") else { return false }
        if bytes.count > 1, bytes[1] == UInt8(ascii: "/") || bytes[1] == UInt8(ascii: "\\") { return false }
        return bytes.allSatisfy(isAllowed)
    }

    /// unreserved / sub-delims / `:` `@` `/` `?` `%` `#` (a fragment is ours too).
    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: allowedPunctuation.contains(byte)
        }
    }

    private static let allowedPunctuation: Set<UInt8> = Set("-._~!$&'()*+,;=:@/?%#".utf8)
}
