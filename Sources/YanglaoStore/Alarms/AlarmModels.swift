import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 智能终端: a device serving one person at one address. Its secret signs what it sends; the
/// secret is sealed at rest like ID numbers and shown once, when the device is registered.
public final class DeviceModel: Model, RegionOwned, @unchecked Sendable {
    public static let schema = "devices"
    public static let regionField: FieldKey = "region_code"

    @ID(key: .id) public var id: UUID?
    @Field(key: "serial") public var serial: String
    @Field(key: "type") public var type: String
    @Field(key: "elder_id") public var elderID: UUID
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "address") public var address: String
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "longitude") public var longitude: Double?
    @Field(key: "secret_cipher") public var secretCipher: String
    /// Seconds between expected heartbeats; 0 when the device sends none.
    @Field(key: "heartbeat_seconds") public var heartbeatSeconds: Int
    @OptionalField(key: "last_seen_at") public var lastSeenAt: Date?
    /// The `last_seen_at` (or creation) whose silence was reported as 设备离线 (`IntakeDevice.watched`).
    @OptionalField(key: "offline_reported_for") public var offlineReportedFor: Date?
    /// Unused: a reading is judged by its person's limits (`PersonThresholdsModel`). The column
    /// stays because SQLite cannot drop one; new devices get the defaults written.
    @Field(key: "thresholds") public var thresholdsJSON: String
    @Field(key: "active") public var active: Bool
    @Field(key: "registered_by") public var registeredBy: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public var typeValue: DeviceType? { DeviceType(rawValue: type) }
    public var region: RegionCode { RegionCode(validated: regionCode) }
}

/// 报警: one alarm from a device, a gateway or the hotline, from 接警 to 结案.
public final class AlarmModel: Model, RegionOwned, @unchecked Sendable {
    public static let schema = "alarms"
    public static let regionField: FieldKey = "region_code"

    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "elder_id") public var elderID: UUID?
    @OptionalField(key: "device_id") public var deviceID: UUID?
    /// The device's own id for the event: with `device_id`, unique, so a retry finds this alarm.
    @OptionalField(key: "event_id") public var eventID: String?
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "type") public var type: String
    @Field(key: "priority") public var priority: Int
    @Field(key: "status") public var status: String
    /// device, traccar or hotline.
    @Field(key: "source") public var source: String
    @Field(key: "raised_at") public var raisedAt: Date
    @Field(key: "received_at") public var receivedAt: Date
    @Field(key: "address") public var address: String
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "longitude") public var longitude: Double?
    @Field(key: "detail") public var detail: String
    @Field(key: "attributes") public var attributesJSON: String
    @Field(key: "overdue") public var overdue: Bool
    /// The level an overdue alarm was pushed to (a township, county or city code).
    @OptionalField(key: "escalated_to") public var escalatedTo: String?
    @OptionalField(key: "escalated_at") public var escalatedAt: Date?
    @OptionalField(key: "acknowledged_by") public var acknowledgedBy: String?
    @OptionalField(key: "acknowledged_at") public var acknowledgedAt: Date?
    @OptionalField(key: "closed_by") public var closedBy: String?
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @OptionalField(key: "outcome") public var outcome: String?
    @OptionalField(key: "notes") public var notes: String?
    @OptionalField(key: "order_id") public var orderID: UUID?

    public init() {}

    /// A new open alarm of `type` (its priority from the type), not yet overdue.
    init(
        open type: AlarmType, elderID: UUID?, region: String, source: String, raisedAt: Date, receivedAt: Date, address: String,
        latitude: Double?, longitude: Double?, detail: String
    ) {
        self.elderID = elderID
        regionCode = region
        self.type = type.code
        priority = type.priority.rawValue
        status = AlarmStatus.open.rawValue
        self.source = source
        self.raisedAt = raisedAt
        self.receivedAt = receivedAt
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
        self.detail = detail
        attributesJSON = "{}"
        overdue = false
    }

    public var typeValue: AlarmType { AlarmType(code: type) }
    public var statusValue: AlarmStatus { AlarmStatus(rawValue: status) ?? .open }
    public var region: RegionCode { RegionCode(validated: regionCode) }
    public var attributes: [String: String] { JSONColumn.decode(attributesJSON) ?? [:] }
}

/// 处置记录: one step of an alarm (raised, acknowledged, an action, escalated, closed, repeated), who and when.
public final class AlarmStepModel: Model, @unchecked Sendable {
    public static let schema = "alarm_steps"

    @ID(key: .id) public var id: UUID?
    @Field(key: "alarm_id") public var alarmID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "actor") public var actor: String
    @Field(key: "at") public var at: Date
    @Field(key: "detail") public var detail: String

    public init() {}
}

struct CreateAlarms: TableMigration {
    let tables = [DeviceModel.schema, AlarmModel.schema, AlarmStepModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(DeviceModel.schema)
            .id()
            .field("serial", .string, .required)
            .field("type", .string, .required)
            .field("elder_id", .uuid, .required, .references(ElderModel.schema, "id"))
            .field("region_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("address", .string, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("secret_cipher", .string, .required)
            .field("heartbeat_seconds", .int, .required)
            .field("last_seen_at", .datetime)
            .field("thresholds", .string, .required)
            .field("active", .bool, .required)
            .field("registered_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "serial")
            .create()
        try await database.index(on: DeviceModel.schema, named: "devices_region", columns: ["region_code"])
        try await database.index(on: DeviceModel.schema, named: "devices_elder", columns: ["elder_id"])
        try await database.schema(AlarmModel.schema)
            .id()
            .field("elder_id", .uuid, .references(ElderModel.schema, "id"))
            .field("device_id", .uuid, .references(DeviceModel.schema, "id"))
            .field("event_id", .string)
            .field("region_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("type", .string, .required)
            .field("priority", .int, .required)
            .field("status", .string, .required)
            .field("source", .string, .required)
            .field("raised_at", .datetime, .required)
            .field("received_at", .datetime, .required)
            .field("address", .string, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("detail", .string, .required)
            .field("attributes", .string, .required)
            .field("overdue", .bool, .required)
            .field("escalated_to", .string)
            .field("escalated_at", .datetime)
            .field("acknowledged_by", .string)
            .field("acknowledged_at", .datetime)
            .field("closed_by", .string)
            .field("closed_at", .datetime)
            .field("outcome", .string)
            .field("notes", .string)
            .field("order_id", .uuid)
            .unique(on: "device_id", "event_id")
            .create()
        try await database.index(on: AlarmModel.schema, named: "alarms_open", columns: ["status", "region_code", "raised_at"])
        try await database.index(on: AlarmModel.schema, named: "alarms_region", columns: ["region_code", "raised_at"])
        try await database.schema(AlarmStepModel.schema)
            .id()
            .field("alarm_id", .uuid, .required, .references(AlarmModel.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("actor", .string, .required)
            .field("at", .datetime, .required)
            .field("detail", .string, .required)
            .create()
        try await database.index(on: AlarmStepModel.schema, named: "alarm_steps_alarm", columns: ["alarm_id", "at"])
    }
}
