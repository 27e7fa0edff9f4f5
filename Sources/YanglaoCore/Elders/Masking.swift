/// How personal numbers appear in lists and exports: enough to tell people apart, not
/// enough to use.
public enum Masking {
    /// `410902199001011234` → `410902********1234`: the county and the last four stay.
    public static func citizenID(_ value: String) -> String {
        let chars = Array(value)
        guard chars.count > 10 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(6)) + String(repeating: "*", count: chars.count - 10) + String(chars.suffix(4))
    }

    /// `13812345678` → `138****5678`; a landline keeps its area code and last four: `0393-****6169`.
    public static func phone(_ value: String) -> String {
        let chars = Array(value)
        if let dash = chars.firstIndex(of: "-") {
            let local = chars[(dash + 1)...]
            return String(chars[...dash]) + String(repeating: "*", count: max(0, local.count - 4)) + String(local.suffix(4))
        }
        guard chars.count > 7 else { return String(repeating: "*", count: max(0, chars.count - 2)) + String(chars.suffix(2)) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4))
    }
}
