import Fluent
import Foundation
import Testing
import YanglaoCore
import YanglaoTestSupport

@testable import YanglaoStore

@Suite struct DemoAlarmTests {
    /// Devices only for people who live alone or are disabled, at their address; a year of
    /// closed alarms whose steps run raise → (escalate) → acknowledge → action → close; most
    /// answered within a minute, as the statistics then show.
    @Test func theDemoCityHasDevicesForThoseAtRiskAndAYearOfHandledAlarms() async throws {
        try await withTestApp { app in
            let builder = DemoCityBuilder(plan: DemoCityPlan(size: .tiny), hasher: app.passwordHasher)
            try await builder.buildElders(on: app.db, protection: app.dataProtection)
            let now = Date()
            try await builder.buildAlarmHistory(on: app.db, protection: app.dataProtection, now: now)

            let devices = try await DeviceModel.query(on: app.db).all()
            #expect(!devices.isEmpty)
            let disabled = Set(
                try await ElderCategoryModel.query(on: app.db).all()
                    .filter { [ElderCategory.disabled.rawValue, ElderCategory.severeDisability.rawValue].contains($0.category) }.map(\.$elder.id))
            for device in devices {
                let person = try #require(try await ElderModel.find(device.elderID, on: app.db))
                #expect(person.living == LivingSituation.alone.rawValue || disabled.contains(person.id!))
                #expect(device.regionCode == person.regionCode && device.address == person.address)
                #expect((try? app.dataProtection.open(device.secretCipher)) != nil)
            }
            let alarms = try await AlarmModel.query(on: app.db).all()
            #expect(alarms.count > devices.count)
            #expect(
                alarms.allSatisfy {
                    $0.statusValue == .closed && $0.raisedAt < now && $0.acknowledgedAt! > $0.raisedAt && $0.closedAt! > $0.acknowledgedAt!
                })
            let steps = Dictionary(grouping: try await AlarmStepModel.query(on: app.db).all(), by: \.alarmID)
            for alarm in alarms.prefix(200) {
                let kinds = (steps[alarm.id!] ?? []).sorted { $0.at < $1.at }.map(\.kind)
                #expect(
                    kinds.first == "raise" && kinds.last == "close" && kinds.contains("acknowledge") && kinds.contains("escalate") == alarm.overdue)
            }
            let stats = try await AlarmService(app.context(as: try await app.actor("city")))
                .statistics(from: now.addingTimeInterval(-366 * 86_400), to: now)
            #expect(stats.total == alarms.count && (0.8...0.98).contains(stats.answeredShare ?? 0))
        }
    }
}
