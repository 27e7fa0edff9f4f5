import Crypto
import Vapor
import YanglaoCore
import YanglaoStore

extension Request {
    var alarms: AlarmService {
        get throws { AlarmService(try context, escalation: AlarmEscalation(acknowledgeWithin: application.yanglaoConfig.alarmAcknowledgeSeconds)) }
    }
    var devices: DeviceService { get throws { DeviceService(try context) } }
}

struct DeviceDTO: Content {
    let id: UUID
    let serial: String
    let type: String
    let typeName: String
    let elderId: UUID
    let regionCode: String
    let heartbeatSeconds: Int
    let lastSeenAt: Date?
    let active: Bool
    /// Shown once, in the answer to the registration.
    let secret: String?

    init(_ d: DeviceModel, secret: String? = nil) {
        id = d.id!
        serial = d.serial
        type = d.type
        typeName = d.typeValue?.chineseName ?? d.type
        elderId = d.elderID
        regionCode = d.regionCode
        heartbeatSeconds = d.heartbeatSeconds
        lastSeenAt = d.lastSeenAt
        active = d.active
        self.secret = secret
    }
}

/// A person's limits for readings, read and written as the rule itself.
extension ReadingThresholds: Content {}

struct AlarmStepDTO: Content {
    let kind: String
    let actor: String
    let at: Date
    let detail: String
    init(_ s: AlarmStepModel) {
        kind = s.kind
        actor = s.actor
        at = s.at
        detail = s.detail
    }
}

struct AlarmDTO: Content {
    let id: UUID
    let elderId: UUID?
    let deviceId: UUID?
    let eventId: String?
    let regionCode: String
    let type: String
    let typeName: String
    let priority: Int
    let status: String
    let statusName: String
    let source: String
    let raisedAt: Date
    let receivedAt: Date
    let address: String
    let latitude: Double?
    let longitude: Double?
    let detail: String
    let attributes: [String: String]
    let overdue: Bool
    let escalatedTo: String?
    let acknowledgedBy: String?
    let acknowledgedAt: Date?
    let closedBy: String?
    let closedAt: Date?
    let outcome: String?
    let notes: String?
    let orderId: UUID?
    let steps: [AlarmStepDTO]?

    init(_ a: AlarmModel, steps: [AlarmStepModel]? = nil) {
        id = a.id!
        elderId = a.elderID
        deviceId = a.deviceID
        eventId = a.eventID
        regionCode = a.regionCode
        type = a.type
        typeName = a.typeValue.chineseName
        priority = a.priority
        status = a.status
        statusName = a.statusValue.chineseName
        source = a.source
        raisedAt = a.raisedAt
        receivedAt = a.receivedAt
        address = a.address
        latitude = a.latitude
        longitude = a.longitude
        detail = a.detail
        attributes = a.attributes
        overdue = a.overdue
        escalatedTo = a.escalatedTo
        acknowledgedBy = a.acknowledgedBy
        acknowledgedAt = a.acknowledgedAt
        closedBy = a.closedBy
        closedAt = a.closedAt
        outcome = a.outcome
        notes = a.notes
        orderId = a.orderID
        self.steps = steps?.map(AlarmStepDTO.init)
    }
}

/// What intake answers a device: the alarm raised (or raised before by the same event), or why none was.
struct IntakeDTO: Content {
    let alarm: AlarmDTO?
    let replayed: Bool
    let note: String?
}

/// 智能终端 and 报警 over HTTP. Devices post signed events without an account; Traccar posts
/// with its configured token; the board and handling need an account of the region.
struct AlarmsAPI: RouteCollection {
    /// Device and gateway intake (no account: the device's signature or the gateway's token).
    func bootIntake(_ api: any RoutesBuilder) {
        api.on(.POST, "devices", ":serial", "events", body: .collect(maxSize: "64kb"), use: deviceEvent)
        api.on(.POST, "traccar", "events", body: .collect(maxSize: "64kb"), use: traccarEvent)
    }

    func boot(routes: any RoutesBuilder) throws {
        let devices = routes.grouped("devices")
        devices.post(use: { req -> Response in
            let input = try req.content.decode(DeviceInput.self)
            let (device, secret) = try await req.devices.register(input)
            let response = Response(status: .created)
            try response.content.encode(DeviceDTO(device, secret: secret))
            return response
        })
        devices.get(use: { req in
            let page = try req.pageRequest()
            let elder = try req.query.get(String?.self, at: "elderId").flatMap { $0.isEmpty ? nil : $0 }.map { text in
                guard let id = UUID(uuidString: text) else { throw AppError(.invalidInput, "field_invalid", field: "elderId", ["field": "elderId"]) }
                return id
            }
            let found = try await req.devices.list(elder: elder, page: page)
            return Page(items: found.items.map { DeviceDTO($0) }, request: page, total: found.total)
        })
        // 体征报警阈值: the person's limits, which all their devices' readings are judged by.
        let thresholds = routes.grouped("elders", ":id", "thresholds")
        thresholds.get(use: { req in try await req.devices.thresholds(for: try EldersAPI.id(req)) })
        thresholds.put(use: { req in
            try await req.devices.setThresholds(try req.content.decode(ReadingThresholds.self), for: try EldersAPI.id(req))
        })
        let alarms = routes.grouped("alarms")
        // The board's live stream for other clients (a control-room display, a bureau's own system).
        alarms.get("events", use: { req in try await AlarmPages().events(req: req) })
        alarms.get(use: { req in
            let status = try req.query.get(String?.self, at: "status").map { text in
                guard let s = AlarmStatus(rawValue: text) else {
                    throw AppError(.invalidInput, "alarm_status_invalid", field: "status", ["value": text])
                }
                return s
            }
            let page = try req.pageRequest()
            let found = try await req.alarms.board(status: status, page: page)
            return Page(items: found.items.map { AlarmDTO($0) }, request: page, total: found.total)
        })
        alarms.post(use: { req -> Response in
            struct Body: Decodable {
                let elderId: UUID?
                let type: String?
                let detail: String?
            }
            let body = try req.content.decode(Body.self)
            guard let elderId = body.elderId else { throw AppError(.invalidInput, "required", field: "elderId") }
            let alarm = try await req.alarms.raise(for: elderId, type: body.type.map(AlarmType.init(code:)) ?? .manual, detail: body.detail ?? "")
            let response = Response(status: .created)
            try response.content.encode(AlarmDTO(alarm, steps: try await req.alarms.steps(of: alarm)))
            return response
        })
        alarms.get(
            ":alarm",
            use: { req in
                let service = try req.alarms
                let alarm = try await service.alarm(try Self.id(req))
                return AlarmDTO(alarm, steps: try await service.steps(of: alarm))
            })
        alarms.post(
            ":alarm", "acknowledge",
            use: { req in
                let id = try Self.id(req)
                let alarm = try await req.alarms.acknowledge(id)
                return AlarmDTO(alarm, steps: try await req.alarms.steps(of: alarm))
            })
        alarms.post(
            ":alarm", "actions",
            use: { req in
                struct Body: Decodable {
                    let action: String?
                    let detail: String?
                }
                let body = try req.content.decode(Body.self)
                guard let action = body.action.flatMap(AlarmAction.init(rawValue:)) else {
                    throw AppError(.invalidInput, "alarm_action_invalid", field: "action", ["value": body.action ?? ""])
                }
                let id = try Self.id(req)
                let alarm = try await req.alarms.act(id, action, detail: body.detail ?? "")
                return AlarmDTO(alarm, steps: try await req.alarms.steps(of: alarm))
            })
        alarms.post(
            ":alarm", "close",
            use: { req in
                struct Body: Decodable {
                    let outcome: String?
                    let notes: String?
                }
                let body = try req.content.decode(Body.self)
                guard let outcome = body.outcome.flatMap(AlarmOutcome.init(rawValue:)) else {
                    throw AppError(.invalidInput, "alarm_outcome_invalid", field: "outcome", ["value": body.outcome ?? ""])
                }
                let id = try Self.id(req)
                let alarm = try await req.alarms.close(id, outcome: outcome, notes: body.notes ?? "")
                return AlarmDTO(alarm, steps: try await req.alarms.steps(of: alarm))
            })
    }

    static func id(_ req: Request) throws -> UUID {
        try req.uuid("alarm", notFound: "alarm_not_found")
    }

    /// `POST /api/v1/devices/{serial}/events`: `X-Yanglao-Timestamp` (Unix seconds) and
    /// `X-Yanglao-Signature` (hex HMAC-SHA256 of "timestamp.body" under the device's secret).
    func deviceEvent(req: Request) async throws -> Response {
        let body = req.body.data.map { Data(buffer: $0) } ?? Data()
        let device = try await DeviceService.verified(
            serial: req.parameters.get("serial") ?? "", body: body, timestamp: req.headers.first(name: "X-Yanglao-Timestamp"),
            signature: req.headers.first(name: "X-Yanglao-Signature"), now: Date(), protection: req.application.dataProtection, on: req.db)
        let event: DeviceEvent
        do { event = try Self.decoder.decode(DeviceEvent.self, from: body) } catch {
            throw AppError(.invalidInput, "device_event_malformed")
        }
        return try await answer(try await AlarmService.intake(event, from: device, node: req.application.storeNode, on: req.db), req)
    }

    /// `POST /api/v1/traccar/events`: Traccar's event forwarding, with `X-Traccar-Token`.
    func traccarEvent(req: Request) async throws -> Response {
        guard let expected = req.application.yanglaoConfig.traccarToken else { throw AppError(.unavailable, "traccar_intake_off") }
        let given = req.headers.first(name: "X-Traccar-Token") ?? ""
        // Compared as digests, so the time taken says nothing about the token.
        guard SHA256.hash(data: Data(given.utf8)) == SHA256.hash(data: Data(expected.utf8)) else {
            throw AppError(.unauthenticated, "traccar_token_invalid")
        }
        let body = req.body.data.map { Data(buffer: $0) } ?? Data()
        let forward: TraccarForward
        do { forward = try JSONDecoder().decode(TraccarForward.self, from: body) } catch {
            throw AppError(.invalidInput, "device_event_malformed")
        }
        let (serial, event) = forward.deviceEvent
        let device = try await DeviceService.active(serial: serial, on: req.db)
        return try await answer(
            try await AlarmService.intake(event, from: device, source: "traccar", node: req.application.storeNode, on: req.db), req)
    }

    func answer(_ raised: AlarmService.Raised, _ req: Request) async throws -> Response {
        let response = Response(status: raised.alarm != nil && !raised.replayed ? .created : .ok)
        try response.content.encode(IntakeDTO(alarm: raised.alarm.map { AlarmDTO($0) }, replayed: raised.replayed, note: raised.note))
        return response
    }

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()
}
