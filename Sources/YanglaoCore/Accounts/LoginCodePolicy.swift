/// 短信验证码登录: how sign-in codes are issued and tried. A code is six digits, lives five
/// minutes and may be tried five times; a phone gets one a minute and five an hour, an
/// address twenty an hour, so nobody can flood a phone with messages or the gateway's bill.
public struct LoginCodePolicy: Sendable, Equatable {
    public var digits = 6
    public var lifetime: Double = 300
    public var tries = 5
    public var resendGap: Double = 60
    public var perPhonePerHour = 5
    public var perAddressPerHour = 20

    public init() {}

    public static let standard = LoginCodePolicy()

    /// Seconds to wait before another code may be sent, given the times (seconds) the codes
    /// of the last hour were asked for, to this phone and from this address; 0 when one may.
    public func wait(phone: [Double], address: [Double], now: Double) -> Double {
        let hour = 3_600.0
        var wait = 0.0
        if let last = phone.max(), now - last < resendGap { wait = max(wait, last + resendGap - now) }
        for (times, limit) in [(phone, perPhonePerHour), (address, perAddressPerHour)] {
            let recent = times.filter { now - $0 < hour }.sorted()
            if recent.count >= limit { wait = max(wait, recent[recent.count - limit] + hour - now) }
        }
        return wait
    }

    /// A new code of `digits` digits from `random`.
    public func code(using random: inout some RandomNumberGenerator) -> String {
        String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
    }
}
