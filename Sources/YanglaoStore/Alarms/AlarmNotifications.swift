import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 监护人通知: one message to one guardian about one alarm. Written in the alarm's own
/// transaction (an outbox), so a guardian is told of every alarm that was stored, and
/// delivered by the server's sender right after, with retries; the phone stays sealed.
public final class AlarmNotificationModel: Model, @unchecked Sendable {
    public static let schema = "alarm_notifications"

    @ID(key: .id) public var id: UUID?
    @Field(key: "alarm_id") public var alarmID: UUID
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "contact_name") public var contactName: String
    @Field(key: "relation") public var relation: String
    @Field(key: "phone_cipher") public var phoneCipher: String
    @Field(key: "phone_masked") public var phoneMasked: String
    @Field(key: "message") public var message: String
    /// pending, sent or failed (given up after `AlarmNotifications.maxAttempts`).
    @Field(key: "status") public var status: String
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "next_attempt_at") public var nextAttemptAt: Date
    @OptionalField(key: "last_error") public var lastError: String?
    @OptionalField(key: "sent_at") public var sentAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

struct CreateAlarmNotifications: TableMigration {
    let tables = [AlarmNotificationModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(AlarmNotificationModel.schema)
            .id()
            .field("alarm_id", .uuid, .required, .references(AlarmModel.schema, "id", onDelete: .cascade))
            .field("region_code", .string, .required)
            .field("contact_name", .string, .required)
            .field("relation", .string, .required)
            .field("phone_cipher", .string, .required)
            .field("phone_masked", .string, .required)
            .field("message", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .field("created_at", .datetime)
            .create()
        try await database.index(on: AlarmNotificationModel.schema, named: "alarm_notifications_due", columns: ["status", "next_attempt_at"])
        try await database.index(on: AlarmNotificationModel.schema, named: "alarm_notifications_alarm", columns: ["alarm_id"])
    }
}

public enum AlarmNotifications {
    public static let maxAttempts = 8

    /// Seconds before attempt `n` (after n - 1 failures): 5 s, 15 s, 45 s … up to 30 min.
    static func backoff(after attempts: Int) -> TimeInterval { min(1_800, 5 * pow(3, Double(max(0, attempts - 1)))) }

    /// Queues a message to each guardian of each alarm's person (high and medium priority
    /// alarms), in the caller's transaction: the contacts in one read, the messages in one insert.
    static func enqueue(for alarms: [(alarm: AlarmModel, personName: String)], on db: any Database) async throws {
        let told = alarms.filter { $0.alarm.elderID != nil && $0.alarm.priority >= AlarmPriority.medium.rawValue }
        guard !told.isEmpty else { return }
        let contacts = try await ElderContactModel.query(on: db).filter(\.$elder.$id ~~ Set(told.map { $0.alarm.elderID! }))
            .sort(\.$position).all()
        let byPerson = Dictionary(grouping: contacts, by: { $0.$elder.id })
        var rows: [[BulkCell]] = []
        for (alarm, person) in told {
            let message = "【养老服务平台】\(person)（\(alarm.address)）\(AlarmTime.clock(alarm.raisedAt)) 发生\(alarm.typeValue.chineseName)报警，平台已接报处置。"
            for contact in byPerson[alarm.elderID!] ?? [] {
                rows.append([
                    .uuid(UUID()), .uuid(alarm.id!), .text(alarm.regionCode), .text(contact.name), .text(contact.relation),
                    .text(contact.phoneCipher), .text(contact.phoneMasked), .text(message), .text("pending"), .int(0),
                    .date(alarm.receivedAt), .date(alarm.receivedAt),
                ])
            }
        }
        try await BulkInsert.run(
            db, into: AlarmNotificationModel.schema,
            columns: [
                "id", "alarm_id", "region_code", "contact_name", "relation",
                "phone_cipher", "phone_masked", "message", "status", "attempts", "next_attempt_at", "created_at",
            ], rows: rows)
    }

    /// Sends what is due, oldest first; a failure is retried later, up to `maxAttempts`. Returns (sent, failed attempts).
    public static func deliver(
        now: Date = Date(), limit: Int = 100, sender: any NotificationSender, protection: DataProtection,
        on db: any Database
    ) async throws -> (sent: Int, failed: Int) {
        let due = try await AlarmNotificationModel.query(on: db).filter(\.$status == "pending").filter(\.$nextAttemptAt <= now)
            .sort(\.$nextAttemptAt).limit(limit).all()
        var sent = 0
        var failed = 0
        for n in due {
            // Claimed first, for a minute: another server's outbox leaves it alone while this one sends.
            let claimed = try await db.sqlDatabase().update(AlarmNotificationModel.schema)
                .set("next_attempt_at", to: SQLBind(now.addingTimeInterval(60))).set("attempts", to: SQLBind(n.attempts + 1))
                .where("id", .equal, SQLBind(n.id!)).where("status", .equal, SQLBind("pending"))
                .where("attempts", .equal, SQLBind(n.attempts)).returning("id").all()
            guard !claimed.isEmpty else { continue }
            let alarmType = try await AlarmModel.find(n.alarmID, on: db)?.type ?? ""
            n.attempts += 1
            do {
                let outgoing = OutgoingNotification(
                    id: n.id!, alarmId: n.alarmID, alarmType: alarmType, phone: try protection.open(n.phoneCipher),
                    name: n.contactName, relation: n.relation, message: n.message)
                try await sender.send(outgoing)
                n.status = "sent"
                n.sentAt = Date()
                n.lastError = nil
                sent += 1
            } catch {
                n.lastError = String(String(describing: error).prefix(300))
                n.nextAttemptAt = now.addingTimeInterval(backoff(after: n.attempts))
                if n.attempts >= maxAttempts { n.status = "failed" }
                failed += 1
            }
            try await n.update(on: db)
        }
        return (sent, failed)
    }

    /// The notifications of one alarm, for its page.
    public static func of(_ alarmID: UUID, on db: any Database) async throws -> [AlarmNotificationModel] {
        try await AlarmNotificationModel.query(on: db).filter(\.$alarmID == alarmID).sort(\.$createdAt).all()
    }
}
