import Vapor
import YanglaoCore
import YanglaoStore

/// Posts each notification as JSON to a configured URL (`YANGLAO_NOTIFY_WEBHOOK`): an SMS
/// gateway's HTTP API or any receiver the bureau runs. A non-2xx answer is a failure, retried.
public struct WebhookSender: NotificationSender {
    public let url: URI
    public let client: any Client

    public init(url: URI, client: any Client) {
        self.url = url
        self.client = client
    }

    public func send(_ notification: OutgoingNotification) async throws {
        let response = try await client.post(url) { req in
            try req.content.encode(notification, as: .json)
            req.headers.replaceOrAdd(name: "X-Yanglao-Notification", value: notification.id.uuidString)
        }
        guard (200..<300).contains(response.status.code) else {
            throw Abort(.badGateway, reason: "webhook answered \(response.status.code)")
        }
    }
}

/// Delivers the outbox: right after an alarm is stored (`kick`) and every 2 seconds for
/// retries. One delivery runs at a time on a server, so a message is not sent twice by it.
public actor NotificationOutbox {
    private unowned let app: Application
    private var running = false
    private var again = false

    init(app: Application) { self.app = app }

    func kick() async {
        guard let sender = await sender() else { return }
        if running { again = true; return }
        running = true
        repeat {
            again = false
            do {
                _ = try await AlarmNotifications.deliver(sender: sender, protection: app.dataProtection, on: app.db)
            } catch { app.logger.report(error: error) }
        } while again
        running = false
    }

    private func sender() async -> (any NotificationSender)? {
        guard let url = app.yanglaoConfig.notifyWebhook else { return nil }
        return WebhookSender(url: URI(string: url), client: app.client)
    }

    /// Retries every 2 seconds on a serving node.
    public static func start(_ app: Application) {
        let loop = app.eventLoopGroup.next()
        loop.scheduleRepeatedAsyncTask(initialDelay: .seconds(2), delay: .seconds(2)) { _ in
            loop.makeFutureWithTask { await app.notificationOutbox.kick() }
        }
    }
}

extension Application {
    private struct OutboxKey: StorageKey { typealias Value = NotificationOutbox }
    /// The guardians' notifications' sender (one per server, set up by `configure`).
    var notificationOutbox: NotificationOutbox {
        get { storage[OutboxKey.self]! }
        set { storage[OutboxKey.self] = newValue }
    }
}
