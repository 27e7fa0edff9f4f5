import Foundation
import YanglaoCore
import YanglaoStore

/// Settings of one running platform.
public struct AppConfig: Sendable {
    public var database: DatabaseLocation
    /// bcrypt work factor. 12 by default; tests lower it to keep logins fast.
    public var bcryptCost: Int
    /// How long an API token lives.
    public var tokenLifetime: TimeInterval
    /// How long a web session lives without activity.
    public var sessionIdleTimeout: TimeInterval
    /// Mark cookies Secure: set when the platform is served over TLS (directly or behind a proxy).
    public var secureCookies: Bool
    /// Keys for ID and phone numbers at rest; nil loads them from `YANGLAO_DATA_KEY` or the key file.
    public var dataProtection: DataProtection?
    /// The shared token a Traccar gateway sends in `X-Traccar-Token`; nil turns that intake off.
    public var traccarToken: String?
    /// Where guardians' notifications are posted as JSON (a webhook); nil keeps them queued unless an SMS gateway is set.
    public var notifyWebhook: String?
    /// An SMS gateway that takes form posts of `apikey`, `mobile` and `text`; used instead of the webhook when set.
    public var smsGateway: SMSGateway?
    /// How long an alarm may wait for 接警 before it escalates.
    public var alarmAcknowledgeSeconds: TimeInterval = 60
    /// The proxies allowed to name the client's address in `X-Forwarded-For` (none by default).
    public var trustedProxies: TrustedProxies = .none
    /// The bearer token `/metrics` asks for; nil leaves `/metrics` to loopback peers only.
    public var metricsToken: String?

    public init(
        database: DatabaseLocation, bcryptCost: Int = 12, tokenLifetime: TimeInterval = 12 * 3600,
        sessionIdleTimeout: TimeInterval = 8 * 3600, secureCookies: Bool = false
    ) {
        self.database = database
        self.bcryptCost = bcryptCost
        self.tokenLifetime = tokenLifetime
        self.sessionIdleTimeout = sessionIdleTimeout
        self.secureCookies = secureCookies
    }

    /// Settings from the environment: `YANGLAO_DATABASE_URL`, `YANGLAO_BCRYPT_COST`,
    /// `YANGLAO_TOKEN_HOURS`, `YANGLAO_SECURE_COOKIES=1`, `YANGLAO_TRACCAR_TOKEN` (at least 16
    /// characters), `YANGLAO_ALARM_ACK_SECONDS`, `YANGLAO_NOTIFY_WEBHOOK`, `YANGLAO_SMS_URL` with `YANGLAO_SMS_APIKEY`,
    /// `YANGLAO_TRUSTED_PROXIES` (comma-separated addresses or IPv4 networks), `YANGLAO_METRICS_TOKEN` (at least 16 characters).
    public static func fromEnvironment(database explicit: String? = nil) throws -> AppConfig {
        let env = ProcessInfo.processInfo.environment
        var config = AppConfig(database: try DatabaseLocation.fromEnvironment(explicit))
        if let cost = env["YANGLAO_BCRYPT_COST"].flatMap(Int.init), (4...31).contains(cost) { config.bcryptCost = cost }
        if let hours = env["YANGLAO_TOKEN_HOURS"].flatMap(Double.init), hours > 0 { config.tokenLifetime = hours * 3600 }
        if env["YANGLAO_SECURE_COOKIES"] == "1" { config.secureCookies = true }
        if let token = env["YANGLAO_TRACCAR_TOKEN"], token.count >= 16 { config.traccarToken = token }
        if let url = env["YANGLAO_NOTIFY_WEBHOOK"], url.hasPrefix("http://") || url.hasPrefix("https://") { config.notifyWebhook = url }
        if let url = env["YANGLAO_SMS_URL"], url.hasPrefix("http://") || url.hasPrefix("https://"), let key = env["YANGLAO_SMS_APIKEY"], !key.isEmpty
        {
            config.smsGateway = SMSGateway(url: url, apiKey: key)
        }
        if let seconds = env["YANGLAO_ALARM_ACK_SECONDS"].flatMap(Double.init), seconds > 0 { config.alarmAcknowledgeSeconds = seconds }
        if let list = env["YANGLAO_TRUSTED_PROXIES"] {
            switch TrustedProxies.parse(list) {
            case .success(let proxies): config.trustedProxies = proxies
            case .failure(let bad):
                throw ConfigurationError(
                    message: "YANGLAO_TRUSTED_PROXIES: 「\(bad.text)」 is not an IP address or IPv4 network (e.g. 10.0.0.5, 10.0.0.0/8)")
            }
        }
        if let token = env["YANGLAO_METRICS_TOKEN"] {
            guard token.count >= 16 else { throw ConfigurationError(message: "YANGLAO_METRICS_TOKEN must be at least 16 characters") }
            config.metricsToken = token
        }
        return config
    }
}

/// An SMS gateway's HTTP API and the key it issued.
public struct SMSGateway: Sendable {
    public let url: String
    public let apiKey: String

    public init(url: String, apiKey: String) {
        self.url = url
        self.apiKey = apiKey
    }
}

/// A setting in the environment that cannot be used; the server refuses to start with it.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
