import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// What intake needs of an active device, read in one statement with its person's name.
public struct IntakeDevice: Sendable {
    public let id: UUID
    public let serial: String
    public let type: String
    public let elderID: UUID
    public let regionCode: String
    public let address: String
    public let latitude: Double?
    public let longitude: Double?
    public let heartbeatSeconds: Int
    public let lastSeenAt: Date?
    public let createdAt: Date?
    public let personName: String
    let secretCipher: String
    /// The person's own limits for readings, when set.
    let thresholdsJSON: String?

    public var thresholds: ReadingThresholds { thresholdsJSON.flatMap { JSONColumn.decode($0) } ?? ReadingThresholds() }

    /// The active device with this serial, or nil.
    public static func named(_ serial: String, on db: any Database) async throws -> IntakeDevice? {
        try await select(on: db).where(SQLColumn("serial", table: DeviceModel.schema), .equal, SQLBind(serial)).first(decoding: Row.self)?.device
    }

    /// The active devices that promise heartbeats, not heard for twice their heartbeat, whose
    /// silence has not been reported yet: a sweep reads the few that have just fallen silent,
    /// not every device of the city. Devices share a few heartbeat intervals (one per kind of
    /// device), so the overdue test is one condition per interval, exact in SQL.
    static func watched(now: Date, on db: any Database) async throws -> [IntakeDevice] {
        let devices = DeviceModel.schema
        let sql = try db.sqlDatabase()
        let intervals = try await sql.select().distinct().column("heartbeat_seconds").from(devices)
            .where("heartbeat_seconds", .greaterThan, SQLBind(0)).where("active", .equal, SQLBind(true)).limit(101).all()
            .map { try $0.decode(column: "heartbeat_seconds", as: Int.self) }
        guard let shortest = intervals.min() else { return [] }
        let heard = SQLFunction("COALESCE", args: SQLColumn("last_seen_at", table: devices), SQLColumn("created_at", table: devices))
        let heartbeat = SQLColumn("heartbeat_seconds", table: devices)
        let reported = SQLColumn("offline_reported_for", table: devices)
        let lastSeen = SQLColumn("last_seen_at", table: devices)
        return try await select(on: db).where(heartbeat, .greaterThan, SQLBind(0))
            .where { group in
                // Past a hundred intervals, the shortest one's bound lets through every device that may be overdue.
                guard intervals.count <= 100 else { return group.where(heard, .lessThan, SQLBind(now.addingTimeInterval(-2 * Double(shortest)))) }
                return intervals.reduce(group) { group, interval in
                    group.orWhere {
                        $0.where(heartbeat, .equal, SQLBind(interval)).where(heard, .lessThan, SQLBind(now.addingTimeInterval(-2 * Double(interval))))
                    }
                }
            }
            .where { $0.where(reported, .is, SQLLiteral.null).orWhere(reported, .notEqual, lastSeen) }
            .all(decoding: Row.self).map(\.device)
    }

    /// Records that the silence since `heard` was reported; a heartbeat moves `last_seen_at`
    /// past it, so the next silence is reported again. The stored time itself is copied, so
    /// the sweep's comparison is exact; a device heard again meanwhile is left for the next
    /// sweep to look at.
    static func markReported(_ id: UUID, silentSince heard: Date, on db: any Database) async throws {
        try await db.sqlDatabase().update(DeviceModel.schema)
            .set("offline_reported_for", to: SQLFunction("COALESCE", args: SQLColumn("last_seen_at"), SQLColumn("created_at")))
            .where("id", .equal, SQLBind(id))
            .where { $0.where("last_seen_at", .is, SQLLiteral.null).orWhere("last_seen_at", .lessThan, SQLBind(heard.addingTimeInterval(1))) }
            .run()
    }

    private static func select(on db: any Database) throws -> SQLSelectBuilder {
        let devices = DeviceModel.schema
        return try db.sqlDatabase().select()
            .columns(
                [
                    "id", "serial", "type", "elder_id", "region_code", "address", "latitude", "longitude", "heartbeat_seconds", "last_seen_at",
                    "created_at", "secret_cipher",
                ].map { SQLColumn($0, table: devices) }
            )
            .column(SQLColumn("name", table: ElderModel.schema), as: "person_name")
            .column(SQLColumn("thresholds", table: PersonThresholdsModel.schema), as: "person_thresholds")
            .from(devices)
            .join(
                ElderModel.schema, method: SQLJoinMethod.left, on: SQLColumn("elder_id", table: devices), .equal,
                SQLColumn("id", table: ElderModel.schema)
            )
            .join(
                PersonThresholdsModel.schema, method: SQLJoinMethod.left, on: SQLColumn("elder_id", table: devices), .equal,
                SQLColumn("elder_id", table: PersonThresholdsModel.schema)
            )
            .where(SQLColumn("active", table: devices), .equal, SQLBind(true))
    }

    private struct Row: Decodable {
        let id: UUID, serial: String, type: String, elder_id: UUID, region_code: String, address: String, latitude: Double?, longitude: Double?
        let heartbeat_seconds: Int, last_seen_at: Date?, created_at: Date?, secret_cipher: String, person_name: String?, person_thresholds: String?

        var device: IntakeDevice {
            IntakeDevice(
                id: id, serial: serial, type: type, elderID: elder_id, regionCode: region_code, address: address, latitude: latitude,
                longitude: longitude, heartbeatSeconds: heartbeat_seconds, lastSeenAt: last_seen_at, createdAt: created_at,
                personName: person_name ?? "", secretCipher: secret_cipher, thresholdsJSON: person_thresholds)
        }
    }
}
