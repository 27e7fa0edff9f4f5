import Vapor
import YanglaoCore
import YanglaoStore

/// 报警台: the live board (`/alarms`, new alarms pushed over server-sent events from
/// `/alarms/events`, with a timer and a sound), and one alarm (`/alarms/{id}`) with the
/// person's key facts next to the handling: 接警, actions, 结案.
struct AlarmPages {
    struct Board: Encodable {
        let rows: [AlarmRow]
        let acknowledgeSeconds: Int
    }
    struct Guardian: Encodable {
        let name: String
        let relation: String
        let phone: String
    }
    struct Step: Encodable {
        let at: String
        let kind: String
        let actor: String
        let detail: String
    }
    struct Option: Encodable {
        let code: String
        let name: String
    }
    struct Notice: Encodable {
        let name: String
        let relation: String
        let phone: String
        let status: String
    }
    struct Detail: Encodable {
        let alarm: AlarmRow
        let source: String
        let outcome: String
        let notes: String
        let orderID: String
        let person: Person?
        let nearest: String
        let steps: [Step]
        let notices: [Notice]
        let actions: [Option]
        let outcomes: [Option]
    }
    struct Person: Encodable {
        let id: String
        let name: String
        let age: Int
        let phone: String
        let address: String
        let categories: [String]
        let guardians: [Guardian]
        /// 健康状况: ability level, diagnoses, chronic illnesses, each as a line.
        let health: [String]
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("alarms", use: board)
        routes.get("alarms", "events", use: events)
        routes.get("alarms", "new", use: newAlarm)
        routes.post("alarms", use: raise)
        routes.get("alarms", ":alarm", use: detail)
        routes.post("alarms", ":alarm", "acknowledge", use: { req in try await handle(req) { s, id, _ in try await s.acknowledge(id) } })
        routes.post(
            "alarms", ":alarm", "actions",
            use: { req in
                try await handle(req) { s, id, form in
                    guard let action = form.action.flatMap(AlarmAction.init(rawValue:)) else {
                        throw AppError(.invalidInput, "alarm_action_invalid", field: "action", ["value": form.action ?? ""])
                    }
                    return try await s.act(id, action, detail: form.detail ?? "")
                }
            })
        routes.post(
            "alarms", ":alarm", "close",
            use: { req in
                try await handle(req) { s, id, form in
                    guard let outcome = form.outcome.flatMap(AlarmOutcome.init(rawValue:)) else {
                        throw AppError(.invalidInput, "alarm_outcome_invalid", field: "outcome", ["value": form.outcome ?? ""])
                    }
                    return try await s.close(id, outcome: outcome, notes: form.notes ?? "")
                }
            })
    }

    func board(req: Request) async throws -> Response {
        let alarms = try await req.alarms.board()
        let names = try await AlarmService.personNames(of: alarms, on: req.db)
        let actors = try await ActorLabel.names(alarms.compactMap(\.acknowledgedBy), on: req.db)
        let rows = alarms.map { AlarmRow($0, personName: $0.elderID.flatMap { names[$0] } ?? "", actors: actors) }
        return try await Pages.render(
            "alarms/alarms", title: req.t("nav_alarms"),
            Board(rows: rows, acknowledgeSeconds: Int(req.application.yanglaoConfig.alarmAcknowledgeSeconds)), for: req)
    }

    /// Server-sent events: `alarm` with an `AlarmRow` as JSON whenever an alarm of the region is raised or changes.
    func events(req: Request) async throws -> Response {
        let actor = try req.actor
        guard actor.role.canHandleAlarms else { throw AppError(.forbidden, "alarm_forbidden") }
        let stream = await req.application.alarmHub.subscribe(scope: actor.region)
        return LiveStream.response(stream, event: "alarm")
    }

    struct NewBody: Encodable {
        let picker: PersonPicker
        let types: [Option]
    }

    /// 人工报警: find the caller, then raise the alarm for them.
    func newAlarm(req: Request) async throws -> Response {
        guard try req.actor.role.canHandleAlarms else { throw AppError(.forbidden, "alarm_forbidden") }
        let body = NewBody(
            picker: try await PersonPicker.load(req, path: "/alarms/new", chooseLabel: req.t("alarm_for_person")),
            types: AlarmType.raisedByHand.map { Option(code: $0.code, name: $0.chineseName) })
        return try await Pages.render("alarms/alarm-new", title: req.t("alarm_new_title"), body, for: req)
    }

    func raise(req: Request) async throws -> Response {
        struct Form: Decodable {
            let elder: String?
            let type: String?
            let detail: String?
        }
        let form = try req.content.decode(Form.self)
        guard let elderID = form.elder.flatMap(UUID.init(uuidString:)) else { throw AppError(.invalidInput, "required", field: "elder") }
        guard
            let alarm = try await Pages.attempt(
                req, { try await req.alarms.raise(for: elderID, type: AlarmType(code: form.type ?? "manual"), detail: form.detail ?? "") })
        else { return req.redirect(to: "/alarms/new?elder=\(elderID.uuidString)") }
        Pages.flash(req, "flash_alarm_raised")
        return req.redirect(to: "/alarms/\(alarm.id!.uuidString)")
    }

    func detail(req: Request) async throws -> Response {
        let service = try req.alarms
        let id = try AlarmsAPI.id(req)
        let alarm = try await service.alarm(id)
        var person: Person?
        if let elderID = alarm.elderID, let full = try? await req.elders.detail(elderID) {
            let r = full.record
            person = Person(
                id: elderID.uuidString, name: r.name, age: r.birthDate.age(on: CalendarDate.today()), phone: r.phone?.value ?? "",
                address: r.address, categories: r.categories.map(\.category.chineseName),
                guardians: r.contacts.map { Guardian(name: $0.name, relation: $0.relation, phone: $0.phone.value) },
                health: Self.lines(of: try await req.elders.healthFacts(elderID), req: req))
        }
        let recorded = try await service.steps(of: alarm)
        let actors = try await ActorLabel.names(recorded.map(\.actor) + [alarm.acknowledgedBy].compactMap { $0 }, on: req.db)
        let steps = recorded.map {
            Step(
                at: AlarmTime.clock($0.at), kind: req.t("alarm_step_\($0.kind.replacingOccurrences(of: "action:", with: ""))"),
                actor: ActorLabel.text($0.actor, names: actors, req: req), detail: $0.detail)
        }
        let body = Detail(
            alarm: AlarmRow(alarm, personName: person?.name ?? "", actors: actors), source: req.t("alarm_source_\(alarm.source)"),
            outcome: alarm.outcome.flatMap(AlarmOutcome.init(rawValue:))?.chineseName ?? "", notes: alarm.notes ?? "",
            orderID: alarm.orderID?.uuidString ?? "", person: person, nearest: try await nearestWorker(to: alarm, req: req), steps: steps,
            notices: try await AlarmNotifications.of(id, on: req.db).map {
                Notice(name: $0.contactName, relation: $0.relation, phone: $0.phoneMasked, status: req.t("alarm_notice_\($0.status)"))
            },
            actions: AlarmAction.allCases.map { Option(code: $0.rawValue, name: $0.chineseName) },
            outcomes: AlarmOutcome.allCases.map { Option(code: $0.rawValue, name: $0.chineseName) })
        return try await Pages.render("alarms/alarm", title: "\(req.t("nav_alarms")) · \(alarm.typeValue.chineseName)", body, for: req)
    }

    static func lines(of health: HealthFacts, req: Request) -> [String] {
        var lines: [String] = []
        if let level = health.abilityLevel { lines.append(req.t("alarm_health_level", ["level": level, "date": health.assessedOn ?? ""])) }
        if !health.diagnoses.isEmpty { lines.append(req.t("alarm_health_diagnoses", ["codes": health.diagnoses.joined(separator: "、")])) }
        if !health.chronicIllnesses.isEmpty { lines.append(req.t("alarm_health_chronic", ["list": health.chronicIllnesses.joined(separator: "；")])) }
        return lines
    }

    /// The nearest on-duty worker who can help (助急), in plain words; empty when there is none.
    func nearestWorker(to alarm: AlarmModel, req: Request) async throws -> String {
        guard let lat = alarm.latitude, let lon = alarm.longitude else { return "" }
        let orders = try req.orders
        let ranked = try await orders.nearest(to: GeoPoint(latitude: lat, longitude: lon), in: alarm.region, serviceType: "emergency")
        return ranked.map { "\($0.worker.name)：\($0.explanation)" } ?? ""
    }

    struct Form: Decodable {
        let action: String?
        let detail: String?
        let outcome: String?
        let notes: String?
    }

    func handle(_ req: Request, _ step: (AlarmService, UUID, Form) async throws -> AlarmModel) async throws -> Response {
        let id = try AlarmsAPI.id(req)
        try await Pages.attempt(req) {
            _ = try await step(try req.alarms, id, try req.content.decode(Form.self))
            Pages.flash(req, "flash_alarm_saved")
        }
        return req.redirect(to: "/alarms/\(id.uuidString)")
    }
}
