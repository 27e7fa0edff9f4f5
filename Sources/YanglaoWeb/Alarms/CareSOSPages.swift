import Vapor
import YanglaoCore
import YanglaoStore

/// 紧急求助 on the family's pages: one big button per person, a confirming page with the 120
/// hint, then the alarm raised through the alarm path (free of charge, on the hotline's
/// board at once) and a page saying where it stands. 助急 among the services leads here too:
/// an emergency is not a paid order.
struct CareSOSPages {
    struct Person: Encodable {
        let id: String
        let name: String
    }

    struct ConfirmBody: Encodable {
        let person: Person
    }

    struct AlarmBody: Encodable {
        let personName: String
        let plain: String
        let raised: String
        let isNew: Bool
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("care", ":id", "sos", use: confirm)
        routes.post("care", ":id", "sos", use: raise)
        routes.get("care", "alarms", ":alarm", use: show)
    }

    /// One of the family account's people (the family's pages are its own: another role is refused).
    func person(_ req: Request) async throws -> Person {
        guard try req.actor.role == .elderFamily else { throw AppError(.forbidden, "alarm_forbidden") }
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError(.notFound, "elder_not_found") }
        let elder = try await FamilyService(try req.context).bound(id)
        return Person(id: id.uuidString, name: elder.name)
    }

    func confirm(req: Request) async throws -> Response {
        let person = try await person(req)
        return try await Pages.render("alarms/care-sos", title: req.t("care_sos_title"), ConfirmBody(person: person), for: req)
    }

    func raise(req: Request) async throws -> Response {
        // The alarm service checks the role and that the person is the family's own.
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError(.notFound, "elder_not_found") }
        let (alarm, isNew) = try await AlarmService(try req.context).familySOS(for: id)
        return req.redirect(to: "/care/alarms/\(alarm.id!.uuidString)" + (isNew ? "" : "?again=1"))
    }

    func show(req: Request) async throws -> Response {
        guard let id = req.parameters.get("alarm").flatMap(UUID.init(uuidString:)) else { throw AppError(.notFound, "alarm_not_found") }
        let (alarm, name) = try await AlarmService(try req.context).familyAlarm(id)
        let body = AlarmBody(
            personName: name, plain: req.t("care_sos_plain_\(alarm.status)"), raised: AlarmTime.clock(alarm.raisedAt),
            isNew: req.query[String.self, at: "again"] == nil)
        return try await Pages.render("alarms/care-sos-alarm", title: req.t("care_sos_sent_title"), body, for: req)
    }
}
