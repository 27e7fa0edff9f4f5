import Vapor
import YanglaoCore
import YanglaoStore

/// Posts each notification as JSON to a configured URL (`YANGLAO_NOTIFY_WEBHOOK`): any
/// receiver the bureau runs. A non-2xx answer is a failure, retried.
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

/// Sends each notification as a text message through an SMS gateway (`YANGLAO_SMS_URL`,
/// `YANGLAO_SMS_APIKEY`), in the form Chinese SMS platforms take: a form post of `apikey`,
/// `mobile` and `text`, answered with JSON whose `code` is 0 on success. Anything else — a
/// non-2xx status, another code (e.g. the gateway's balance ran out) — is a failure, retried;
/// the gateway's `msg` is kept as the reason.
public struct SMSGatewaySender: NotificationSender {
    public let gateway: SMSGateway
    public let client: any Client

    public init(gateway: SMSGateway, client: any Client) {
        self.gateway = gateway
        self.client = client
    }

    struct Form: Content {
        let apikey: String
        let mobile: String
        let text: String
    }
    struct Answer: Decodable {
        let code: Int?
        let msg: String?
    }

    public func send(_ notification: OutgoingNotification) async throws {
        let response = try await client.post(URI(string: gateway.url)) { req in
            try req.content.encode(Form(apikey: gateway.apiKey, mobile: notification.phone, text: notification.message), as: .urlEncodedForm)
        }
        guard (200..<300).contains(response.status.code) else {
            throw Abort(.badGateway, reason: "SMS gateway answered \(response.status.code)")
        }
        let answer = try? response.content.decode(Answer.self, as: .json)
        guard answer?.code == 0 else {
            throw Abort(.badGateway, reason: "SMS gateway refused: \(answer?.code.map(String.init) ?? "no code") \(answer?.msg ?? "")")
        }
    }
}
