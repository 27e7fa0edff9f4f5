import NIOConcurrencyHelpers
import Vapor
import YanglaoCore
import YanglaoStore

/// Text messages (短信): the one way every domain's messages leave the platform. Each domain
/// keeps its own outbox table and registers how to deliver it; this module owns the sender
/// (the SMS gateway, else the webhook) and delivers every outbox right after a message is
/// queued (`kick`) and every 2 seconds for retries.
struct MessagingModule: DomainModule {
    let name = "messaging"

    func configure(_ app: Application) throws {
        app.notificationOutbox = NotificationOutbox(app: app)
    }

    func jobs(_ app: Application) -> [Job] {
        [Job("messages.deliver", firstAfter: .seconds(2), every: .seconds(2)) { app in await app.notificationOutbox.kick() }]
    }
}

/// Delivers the registered outboxes. One delivery runs at a time on a server, so a message
/// is not sent twice by it.
public actor NotificationOutbox {
    typealias Delivery = @Sendable (any NotificationSender, Application) async throws -> Void
    private unowned let app: Application
    private let deliveries = NIOLockedValueBox<[(name: String, deliver: Delivery)]>([])
    private var running = false
    private var again = false

    init(app: Application) { self.app = app }

    /// A domain's outbox, delivered with every kick (registered in the domain's `configure`).
    nonisolated func register(_ name: String, _ deliver: @escaping Delivery) {
        deliveries.withLockedValue { $0.append((name, deliver)) }
    }

    func kick() async {
        guard let sender = await sender() else { return }
        if running {
            again = true
            return
        }
        running = true
        repeat {
            again = false
            for delivery in deliveries.withLockedValue({ $0 }) {
                do { try await delivery.deliver(sender, app) } catch { app.logger.report(error: error) }
            }
        } while again
        running = false
    }

    /// The SMS gateway when one is set, else the webhook, else none (messages stay queued).
    private func sender() async -> (any NotificationSender)? {
        if let gateway = app.yanglaoConfig.smsGateway { return SMSGatewaySender(gateway: gateway, client: app.client) }
        guard let url = app.yanglaoConfig.notifyWebhook else { return nil }
        return WebhookSender(url: URI(string: url), client: app.client)
    }
}

extension Application {
    private struct OutboxKey: StorageKey { typealias Value = NotificationOutbox }
    /// Every domain's text messages' sender (one per server, set up by `MessagingModule`).
    var notificationOutbox: NotificationOutbox {
        get { storage[OutboxKey.self]! }
        set { storage[OutboxKey.self] = newValue }
    }
}
