/// 登录限流: how many failed logins are tolerated before a key (an account or an address)
/// must wait. Failures are counted in a sliding window; each failure past the allowance
/// doubles the wait, up to a cap.
public struct LoginThrottlePolicy: Sendable, Equatable {
    public var window: Double  // seconds in which failures count
    public var allowance: Int  // failures allowed before any wait
    public var baseDelay: Double  // wait after the first failure past the allowance
    public var maximumDelay: Double

    public init(window: Double = 900, allowance: Int = 5, baseDelay: Double = 30, maximumDelay: Double = 900) {
        self.window = window
        self.allowance = allowance
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// Addresses are shared by many people (an office NAT), so they get a larger allowance.
    public static let perAccount = LoginThrottlePolicy()
    public static let perAddress = LoginThrottlePolicy(allowance: 20)

    /// Seconds the key must still wait at `now`, given the times of its failures; 0 when it may try.
    public func retryAfter(failures: [Double], now: Double) -> Double {
        let recent = failures.filter { now - $0 < window }.sorted()
        guard recent.count >= allowance, let last = recent.last else { return 0 }
        let excess = recent.count - allowance
        let delay = min(maximumDelay, baseDelay * Double(1 << min(excess, 20)))
        return max(0, last + delay - now)
    }
}
