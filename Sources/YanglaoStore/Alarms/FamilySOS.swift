import Fluent
import Foundation
import YanglaoCore

extension AlarmService {
    /// How long a second press of SOS for the same person finds the first alarm instead of raising another.
    public static let sosRepeatWindow: TimeInterval = 600

    /// 一键求助: a family account (the elder's phone, or a relative's) presses SOS for one of
    /// its people: an alarm on the hotline's board at once, free of charge, as a device's SOS
    /// is. Pressed again while that alarm is open and recent, the same alarm answers — a
    /// second press is not a second emergency.
    public func familySOS(for elderID: UUID, now: Date = Date()) async throws -> (alarm: AlarmModel, isNew: Bool) {
        guard actor.role == .elderFamily else { throw AppError(.forbidden, "alarm_forbidden") }
        let person = try await FamilyService(context).bound(elderID)
        guard person.statusValue == .active else {
            throw AppError(.conflict, "alarm_person_not_in_register", field: "elderId", ["status": person.statusValue.chineseName])
        }
        if let open = try await AlarmModel.query(on: db).filter(\.$elderID == elderID).filter(\.$source == Self.familySource)
            .filter(\.$status != AlarmStatus.closed.rawValue).filter(\.$raisedAt >= now.addingTimeInterval(-Self.sosRepeatWindow))
            .sort(\.$raisedAt, .descending).first()
        {
            return (open, false)
        }
        let alarm = AlarmModel(
            open: .sos, elderID: elderID, region: person.regionCode, source: Self.familySource, raisedAt: now, receivedAt: now,
            address: person.address, latitude: person.latitude, longitude: person.longitude, detail: "家属账户在手机上按下紧急求助（SOS）")
        alarm.id = UUID()
        try await Self.write(AlarmRows.New(alarm: alarm, raisedBy: actor.username, personName: person.name, heard: nil), writer: nil, on: db)
        await context.node.alarmBoard?.raised(alarm, personName: person.name)
        return (alarm, true)
    }

    /// The source of an alarm a family account raised.
    public static let familySource = "family"

    /// The family's own alarm with its person's name, for its page (another's is not found).
    public func familyAlarm(_ id: UUID) async throws -> (alarm: AlarmModel, personName: String) {
        guard actor.role == .elderFamily,
            let alarm = try await AlarmModel.find(id, on: db), let elderID = alarm.elderID,
            let person = try? await FamilyService(context).bound(elderID)
        else { throw AppError(.notFound, "alarm_not_found") }
        return (alarm, person.name)
    }
}
