/// Passwords the platform chooses for an account (setup, an import, the command line).
public enum Passwords {
    /// A random password that meets the account rules: 14 letters and digits without look-alikes, then two digits.
    public static func generate() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        var text = String((0..<14).map { _ in alphabet.randomElement(using: &rng)! })
        text += String(Int.random(in: 10...99, using: &rng))
        return text
    }
}
