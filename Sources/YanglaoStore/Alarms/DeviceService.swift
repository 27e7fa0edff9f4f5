import Crypto
import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// What registering a device needs.
public struct DeviceInput: Sendable, Codable {
    public var serial: String
    public var type: String
    public var elderId: UUID
    /// Seconds between expected heartbeats (0: the device sends none).
    public var heartbeatSeconds: Int?

    public init(serial: String, type: String, elderId: UUID, heartbeatSeconds: Int? = nil) {
        self.serial = serial
        self.type = type
        self.elderId = elderId
        self.heartbeatSeconds = heartbeatSeconds
    }
}

/// 智能终端: registration (the secret is shown once), the list, and checking what a device signs.
public struct DeviceService: Sendable {
    public let context: StoreContext
    /// The register, read as this context's actor.
    var register: ElderService { ElderService(context) }
    var db: any Database { context.scoped.database }
    var actor: Actor { context.actor }

    public init(_ context: StoreContext) { self.context = context }

    /// A signature older or newer than this (seconds) is refused: a captured request cannot be replayed later.
    public static let signatureWindow: TimeInterval = 300

    /// Registers a device for a person of the actor's region; returns it with its secret, shown this once.
    public func register(_ input: DeviceInput) async throws -> (device: DeviceModel, secret: String) {
        guard actor.role.canManageDevices else { throw AppError(.forbidden, "device_forbidden") }
        let serial = input.serial.trimmingCharacters(in: .whitespaces)
        var problems: [AppError] = []
        if serial.isEmpty || serial.count > 64 || serial.contains(where: { !$0.isASCII || $0.isWhitespace || $0 == "/" }) {
            problems.append(AppError(.invalidInput, "device_serial_invalid", field: "serial"))
        }
        if DeviceType(rawValue: input.type) == nil {
            problems.append(AppError(.invalidInput, "device_type_unknown", field: "type", ["value": input.type]))
        }
        if let s = input.heartbeatSeconds, !(0...(7 * 86_400)).contains(s) {
            problems.append(AppError(.invalidInput, "device_heartbeat_invalid", field: "heartbeatSeconds"))
        }
        guard problems.isEmpty else { throw AppError(invalid: problems) }
        let person = try await register.model(input.elderId)
        guard person.statusValue == .active else {
            throw AppError(.conflict, "device_person_not_in_register", field: "elderId", ["status": person.statusValue.chineseName])
        }
        if try await DeviceModel.query(on: db).filter(\.$serial == serial).first() != nil {
            throw AppError(.conflict, "device_serial_taken", field: "serial", ["serial": serial])
        }
        let secret = Self.newSecret()
        let device = DeviceModel()
        device.serial = serial
        device.type = input.type
        device.elderID = input.elderId
        device.regionCode = person.regionCode
        device.address = person.address
        device.latitude = person.latitude
        device.longitude = person.longitude
        device.secretCipher = try context.protection.seal(secret)
        device.heartbeatSeconds = input.heartbeatSeconds ?? 0
        device.thresholdsJSON = JSONColumn.encode(ReadingThresholds())
        device.active = true
        device.registeredBy = actor.username
        let actor = actor
        try await db.transaction { db in
            try await device.create(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "device.register", recordType: "device", recordID: device.id!.uuidString,
                region: device.region, detail: "\(device.type) \(serial)")
        }
        return (device, secret)
    }

    /// The devices of the actor's region (optionally one person's), newest first.
    public func list(elder: UUID? = nil, page: ListPage) async throws -> (items: [DeviceModel], total: Int) {
        guard actor.role.canManageDevices || actor.role.canHandleAlarms else { throw AppError(.forbidden, "device_forbidden") }
        var query = try context.scoped.query(DeviceModel.self)
        if let elder { query = query.filter(\.$elderID == elder) }
        query = query.sort(\.$createdAt, .descending).sort(\.$id)
        return try await query.page(page)
    }

    /// The active device with this serial whose signature over `timestamp` and `body` holds, else 401.
    /// An unknown serial and a wrong signature get the same answer.
    public static func verified(
        serial: String, body: Data, timestamp: String?, signature: String?, now: Date,
        protection: DataProtection, on db: any Database
    ) async throws -> IntakeDevice {
        guard let timestamp, let seconds = TimeInterval(timestamp), let signature else {
            throw AppError(.unauthenticated, "device_signature_missing")
        }
        guard abs(now.timeIntervalSince1970 - seconds) <= signatureWindow else { throw AppError(.unauthenticated, "device_signature_stale") }
        guard let device = try await IntakeDevice.named(serial, on: db),
            let secret = try? protection.open(device.secretCipher),
            let given = Data(hex: signature)
        else { throw AppError(.unauthenticated, "device_signature_invalid") }
        guard HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: signed(timestamp, body), using: SymmetricKey(data: Data(secret.utf8)))
        else {
            throw AppError(.unauthenticated, "device_signature_invalid")
        }
        return device
    }

    /// The active device with this serial, as a gateway names it (the gateway itself is authenticated).
    public static func active(serial: String, on db: any Database) async throws -> IntakeDevice {
        guard let device = try await IntakeDevice.named(serial, on: db) else {
            throw AppError(.notFound, "device_not_found", ["serial": serial])
        }
        return device
    }

    /// The signature a device sends: hex HMAC-SHA256 of "timestamp.body" under its secret.
    public static func signature(secret: String, timestamp: String, body: Data) -> String {
        HMAC<SHA256>.authenticationCode(for: signed(timestamp, body), using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }
            .joined()
    }

    /// What is signed: the timestamp, a dot, the body as sent.
    static func signed(_ timestamp: String, _ body: Data) -> Data {
        var message = Data(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message.append(body)
        return message
    }

    static func newSecret() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        return "yld_"
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension Data {
    /// Bytes from lowercase or uppercase hex; nil when the text is not hex.
    init?(hex: String) {
        guard hex.count % 2 == 0, hex.count <= 256 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }
}
