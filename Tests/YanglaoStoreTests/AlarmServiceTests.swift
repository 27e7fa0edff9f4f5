import Fluent
import Foundation
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// 报警 at the store, on both databases: one alarm per device event, 接警 with one winner,
/// handling to 结案, escalation of what nobody acknowledged.
@Suite struct AlarmServiceTests {
    struct Setup {
        let alarms: AlarmService
        let device: DeviceModel
        let secret: String
        let elder: ElderModel
    }

    func setUp(_ app: Application, as username: String = "hotline") async throws -> Setup {
        let village = try await app.actor("village.410902001001")
        let register = ElderService(app.context(as: village, today: People.today))
        var input = People.input(People.wang, name: "独居的王大爷")
        input.latitude = 35.7620
        input.longitude = 115.0290
        let elder = try await register.create(input)
        let (device, secret) = try await DeviceService(register.context).register(
            DeviceInput(
                serial: "WATCH-0001", type: "watch", elderId: elder.id!,
                heartbeatSeconds: 600))
        // No node: the tests give the service a desk or a board where they need one.
        let alarms = AlarmService(StoreContext(database: app.db, actor: try await app.actor(username), protection: app.dataProtection))
        return Setup(alarms: alarms, device: device, secret: secret, elder: elder)
    }

    @Test func anEventRaisesOneAlarmEvenWhenSentAgainAndHeartbeatsAndGoodReadingsRaiseNone() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let sos = DeviceEvent(eventId: "e-1", type: "sos")
            let first = try await AlarmService.intake(sos, from: s.device, on: app.db)
            let again = try await AlarmService.intake(sos, from: s.device, on: app.db)
            #expect(!first.replayed && again.replayed && first.alarm?.id == again.alarm?.id)
            let alarm = try #require(first.alarm)
            #expect(alarm.typeValue == .sos && alarm.priority == AlarmPriority.high.rawValue && alarm.statusValue == .open)
            // Without a position the registered address stands in.
            #expect(alarm.latitude == 35.7620 && alarm.attributes["position"] == "registered_address")
            #expect(try await AlarmModel.query(on: app.db).count() == 1)

            #expect(try await AlarmService.intake(DeviceEvent(eventId: "e-2", type: "heartbeat"), from: s.device, on: app.db).alarm == nil)
            #expect(
                try await AlarmService.intake(DeviceEvent(eventId: "e-3", type: "reading", heartRate: 72, spo2: 97), from: s.device, on: app.db).alarm
                    == nil)
            let low = try await AlarmService.intake(DeviceEvent(eventId: "e-4", type: "reading", heartRate: 38, spo2: 86), from: s.device, on: app.db)
            #expect(low.alarm?.typeValue == .reading && low.alarm?.detail == "心率 38 次/分，低于 45；血氧 86%，低于 90%")
            // An unknown type is kept and shown, never dropped.
            let odd = try await AlarmService.intake(DeviceEvent(eventId: "e-5", type: "vibration"), from: s.device, on: app.db)
            #expect(odd.alarm?.typeValue == .other("vibration") && odd.alarm?.priority == AlarmPriority.medium.rawValue)
            await #expect(throws: AppError(.invalidInput, "reading_out_of_range", field: "spo2", ["low": "30", "high": "100"])) {
                _ = try await AlarmService.intake(DeviceEvent(eventId: "e-6", type: "reading", spo2: 140), from: s.device, on: app.db)
            }
            #expect(try await DeviceModel.find(s.device.id, on: app.db)?.lastSeenAt != nil)
        }
    }

    @Test func twoOperatorsAcknowledgingAtOnceGetOneWinnerThenTheAlarmIsHandledAndClosed() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let alarm = try #require(
                try await AlarmService.intake(DeviceEvent(eventId: "fall-1", type: "fallDown"), from: s.device, on: app.db).alarm)
            let township = AlarmService(
                app.context(as: try await app.actor("township.410902001")))
            let results = await withTaskGroup(of: Result<AlarmModel, any Error>.self) { group in
                for service in [s.alarms, township] {
                    group.addTask {
                        do { return .success(try await service.acknowledge(alarm.id!)) } catch { return .failure(error) }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let winners = results.compactMap { try? $0.get() }
            #expect(winners.count == 1)
            let loser = results.compactMap { if case .failure(let e) = $0 { e as? AppError } else { nil } }
            #expect(
                loser.count == 1 && loser.first?.code == "alarm_already_acknowledged" && loser.first?.arguments["by"] == winners.first?.acknowledgedBy
            )

            await #expect(throws: AppError(.invalidInput, "alarm_detail_required", field: "detail")) {
                _ = try await s.alarms.act(alarm.id!, .note, detail: " ")
            }
            _ = try await s.alarms.act(alarm.id!, .calledElder, detail: "无人接听")
            _ = try await s.alarms.act(alarm.id!, .called120, detail: "")
            let closed = try await s.alarms.close(alarm.id!, outcome: .hospital, notes: "已送市人民医院")
            #expect(closed.statusValue == .closed && closed.outcome == "hospital" && closed.closedBy == "hotline")
            await #expect(throws: AppError(.conflict, "alarm_closed", ["by": "hotline"])) {
                _ = try await s.alarms.close(alarm.id!, outcome: .falseAlarm, notes: "")
            }
            let kinds = try await s.alarms.steps(alarm.id!).map(\.kind)
            #expect(kinds == ["raise", "acknowledge", "action:called_elder", "action:called_120", "close"])

            // Another county sees nothing of it.
            let other = AlarmService(app.context(as: try await app.actor("county.410922")))
            await #expect(throws: AppError(.notFound, "alarm_not_found")) { _ = try await other.alarm(alarm.id!) }
            #expect(try await other.board().isEmpty)
        }
    }

    /// "已派服务人员" places one urgent 助急 order at the node's order desk and links it; the
    /// board sink hears of every change after its commit. Without a desk only the step is kept.
    @Test func sendingAWorkerPlacesOneUrgentOrderAndTheBoardHearsOfEachChange() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let board = RecordingBoard()
            let watch = try #require(try await IntakeDevice.named("WATCH-0001", on: app.db))
            let alarm = try #require(
                try await AlarmService.intake(
                    DeviceEvent(eventId: "sos-1", type: "sos"), from: watch,
                    node: NodeState().with { $0.alarmBoard = board }, on: app.db
                ).alarm)
            let desk = s.alarms.context.withNode {
                $0.urgentOrders = UrgentOrders()
                $0.alarmBoard = board
            }
            let alarms = AlarmService(desk)
            _ = try await alarms.acknowledge(alarm.id!)
            let sent = try await alarms.act(alarm.id!, .dispatchedWorker, detail: "请就近上门")
            let orderID = try #require(sent.orderID)
            let order = try #require(try await OrderModel.find(orderID, on: app.db))
            #expect(order.serviceType == "emergency" && order.elderID == s.elder.id)
            let again = try await alarms.act(alarm.id!, .dispatchedWorker, detail: "")
            let urgent = try await OrderModel.query(on: app.db).filter(\.$serviceType == "emergency").count()
            #expect(again.orderID == sent.orderID && urgent == 1)
            let step = try #require(try await alarms.steps(alarm.id!).first { $0.kind == "action:dispatched_worker" })
            #expect(step.detail.hasPrefix("请就近上门；助急工单"))
            let heard = await board.events
            #expect(heard == ["raised", "changed", "changed", "changed"])

            let other = try #require(try await AlarmService.intake(DeviceEvent(eventId: "sos-2", type: "sos"), from: s.device, on: app.db).alarm)
            _ = try await s.alarms.acknowledge(other.id!)
            #expect(try await s.alarms.act(other.id!, .dispatchedWorker, detail: "").orderID == nil)
        }
    }

    actor RecordingBoard: AlarmBoardSink {
        var events: [String] = []
        func raised(_ alarm: AlarmModel, personName: String) { events.append("raised") }
        func changed(_ alarms: [AlarmModel]) { events.append("changed") }
    }

    @Test func anAlarmNobodyAcknowledgesIsOverdueAndGoesUpALevelEachTime() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let raisedAt = Date().addingTimeInterval(-600)
            let alarm = try #require(
                try await AlarmService.intake(
                    DeviceEvent(eventId: "sos-9", type: "sos", at: raisedAt), from: s.device,
                    now: raisedAt, on: app.db
                ).alarm)
            let rule = AlarmEscalation(acknowledgeWithin: 60)
            #expect(try await AlarmService.escalate(now: raisedAt.addingTimeInterval(30), escalation: rule, on: app.db).count == 0)
            #expect(try await AlarmService.escalate(now: raisedAt.addingTimeInterval(61), escalation: rule, on: app.db).count == 1)
            var stored = try #require(try await AlarmModel.find(alarm.id, on: app.db))
            #expect(stored.overdue && stored.escalatedTo == "410902001000")
            // Not again until another minute has passed; then to the county.
            #expect(try await AlarmService.escalate(now: raisedAt.addingTimeInterval(90), escalation: rule, on: app.db).count == 0)
            #expect(try await AlarmService.escalate(now: raisedAt.addingTimeInterval(125), escalation: rule, on: app.db).count == 1)
            stored = try #require(try await AlarmModel.find(alarm.id, on: app.db))
            #expect(stored.escalatedTo == "410902000000")
            // Overdue alarms lead the board.
            let manual = try await s.alarms.raise(for: s.elder.id!, detail: "老人来电说胸闷")
            #expect(try await s.alarms.board().map(\.id) == [alarm.id, manual.id])
            // An acknowledged alarm no longer escalates.
            _ = try await s.alarms.acknowledge(alarm.id!)
            #expect(try await AlarmService.escalate(now: raisedAt.addingTimeInterval(400), escalation: rule, on: app.db).count == 0)
        }
    }

    @Test func aDeviceSilentPastTwoHeartbeatsRaisesOneLowPriorityOfflineAlarmPerSilence() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)  // heartbeat every 600 s
            let start = try #require(s.device.createdAt)
            #expect(try await AlarmService.detectOffline(now: start.addingTimeInterval(1_000), on: app.db).isEmpty)
            let first = try await AlarmService.detectOffline(now: start.addingTimeInterval(1_300), on: app.db)
            #expect(first.count == 1 && first[0].typeValue == .deviceOffline && first[0].priority == AlarmPriority.low.rawValue)
            #expect(try await AlarmService.detectOffline(now: start.addingTimeInterval(1_400), on: app.db).isEmpty)
            // Heard again, then silent again: a new alarm for the new silence.
            let device = try #require(try await DeviceModel.find(s.device.id, on: app.db))
            _ = try await AlarmService.intake(
                DeviceEvent(eventId: "hb-9", type: "heartbeat"), from: device, now: start.addingTimeInterval(1_500), on: app.db)
            #expect(try await AlarmService.detectOffline(now: start.addingTimeInterval(2_000), on: app.db).isEmpty)
            #expect(try await AlarmService.detectOffline(now: start.addingTimeInterval(2_800), on: app.db).count == 1)
            #expect(try await AlarmModel.query(on: app.db).filter(\.$type == "deviceOffline").count() == 2)
        }
    }
}

extension AlarmServiceTests {
    /// Events arriving at once go through the group commit together: each caller gets its own
    /// alarm with its raise step and guardians' messages, retries of one event racing in the
    /// same batch make one alarm, and each device keeps the latest time it was heard.
    @Test func eventsArrivingAtOnceAreCommittedTogetherAndARacingRetryMakesOneAlarm() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let register = ElderService(
                app.context(as: try await app.actor("village.410902001001")))
            _ = try await DeviceService(register.context).register(DeviceInput(serial: "BTN-0002", type: "sos_button", elderId: s.elder.id!))
            let watch = try #require(try await IntakeDevice.named("WATCH-0001", on: app.db))
            let button = try #require(try await IntakeDevice.named("BTN-0002", on: app.db))
            #expect(watch.personName == "独居的王大爷")
            let node = NodeState().with { $0.alarmWriter = AlarmWriter() }
            let start = Date(timeIntervalSince1970: 1_790_000_000)
            let results = try await withThrowingTaskGroup(of: (String, AlarmService.Raised).self) { group in
                for i in 0..<30 {
                    let (device, event) = i % 3 == 0 ? (watch, "same") : (i % 3 == 1 ? (watch, "w-\(i)") : (button, "b-\(i)"))
                    let type = i == 29 ? "heartbeat" : "sos"
                    group.addTask {
                        (
                            event,
                            try await AlarmService.intake(
                                DeviceEvent(eventId: event, type: type), from: device,
                                now: start.addingTimeInterval(Double(i)), node: node, on: app.db)
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let same = results.filter { $0.0 == "same" }.map(\.1)
            #expect(Set(same.map(\.alarm?.id)).count == 1 && same.filter { !$0.replayed }.count == 1)
            let own = results.filter { $0.0 != "same" }.map(\.1)
            #expect(own.filter { $0.alarm != nil }.count == 19 && own.allSatisfy { !$0.replayed && $0.personName == "独居的王大爷" })
            #expect(try await AlarmModel.query(on: app.db).count() == 20)
            #expect(try await AlarmStepModel.query(on: app.db).filter(\.$kind == "raise").count() == 20)
            let guardians = try await ElderContactModel.query(on: app.db).filter(\.$elder.$id == s.elder.id!).count()
            #expect(guardians > 0)
            #expect(try await AlarmNotificationModel.query(on: app.db).count() == 20 * guardians)
            // What each caller was told is what was committed.
            for raised in own.compactMap(\.alarm) {
                let stored = try #require(try await AlarmModel.find(raised.id, on: app.db))
                #expect(stored.eventID == raised.eventID && stored.deviceID == raised.deviceID && stored.receivedAt == raised.receivedAt)
            }
            // The watch was last heard at event 28 (event 29, the button's heartbeat, is the button's latest).
            #expect(try await DeviceModel.find(watch.id, on: app.db)?.lastSeenAt == start.addingTimeInterval(28))
            #expect(try await DeviceModel.find(button.id, on: app.db)?.lastSeenAt == start.addingTimeInterval(29))
        }
    }

    @Test func theBoardsClockIsChinaTime() {
        #expect(AlarmTime.clock(Date(timeIntervalSince1970: 0)) == "08:00:00")
        #expect(AlarmTime.clock(Date(timeIntervalSince1970: 16 * 3_600 + 61.9)) == "00:01:01")
        #expect(AlarmTime.clock(Date(timeIntervalSince1970: -1)) == "07:59:59")
    }
}

extension AlarmServiceTests {
    /// A person's own limits judge the readings of every device of theirs; impossible limits,
    /// other regions and roles that do not manage devices are refused.
    @Test func aPersonsOwnLimitsJudgeTheirReadings() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            let devices = DeviceService(
                app.context(as: try await app.actor("village.410902001001")))
            #expect(try await devices.thresholds(for: s.elder.id!) == ReadingThresholds())
            // The default lower limit of the heart rate is 45: 40 raises an alarm.
            #expect(
                try await AlarmService.intake(DeviceEvent(eventId: "r-1", type: "reading", heartRate: 40), from: s.device, on: app.db).alarm != nil)
            let slowHeart = ReadingThresholds(heartRateLow: 38, heartRateHigh: 110, systolicLow: 85, systolicHigh: 180, spo2Low: 88)
            #expect(try await devices.setThresholds(slowHeart, for: s.elder.id!) == slowHeart)
            #expect(try await devices.thresholds(for: s.elder.id!) == slowHeart)
            #expect(
                try await AlarmService.intake(DeviceEvent(eventId: "r-2", type: "reading", heartRate: 40), from: s.device, on: app.db).alarm == nil)
            let low = try await AlarmService.intake(DeviceEvent(eventId: "r-3", type: "reading", heartRate: 36), from: s.device, on: app.db)
            #expect(low.alarm?.detail == "心率 36 次/分，低于 38")
            // Set again: one row per person, and the change is in the audit log.
            _ = try await devices.setThresholds(ReadingThresholds(), for: s.elder.id!)
            #expect(try await PersonThresholdsModel.query(on: app.db).count() == 1)
            #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "person.thresholds").count() == 2)

            await #expect(throws: AppError.self) {
                _ = try await devices.setThresholds(
                    ReadingThresholds(heartRateLow: 90, heartRateHigh: 80, systolicLow: 85, systolicHigh: 180, spo2Low: 88),
                    for: s.elder.id!)
            }
            let elsewhere = DeviceService(app.context(as: try await app.actor("county.410922")))
            await #expect(throws: AppError(.notFound, "elder_not_found")) { _ = try await elsewhere.setThresholds(slowHeart, for: s.elder.id!) }
        }
    }
}

extension AlarmServiceTests {
    /// 健康状况 for whoever answers the call: the ability level in force with its diagnoses,
    /// and what 卫健 reported; nothing when the platform knows nothing.
    @Test func theHotlineSeesWhatThePlatformKnowsOfThePersonsHealth() async throws {
        try await withTestApp { app in
            let s = try await setUp(app)
            #expect(try await ElderService(s.alarms.context).healthFacts(s.elder.id!).isEmpty)
            let assessor = AssessmentService(
                app.context(as: try await app.actor("assessor"), today: People.today))
            let draft = try await assessor.start(elderID: s.elder.id!, reason: .first, on: CalendarDate("2026-11-20")!)
            _ = try await assessor.save(draft.id!, AssessmentDraft(answers: answers(total: 50), diagnoses: ["F03", "I10"]))
            _ = try await assessor.submit(draft.id!)
            _ = try await AssessmentService(
                app.context(as: try await app.actor("township.410902001"), today: People.today)
            ).approve(draft.id!)
            _ = try await DiscoveryService(app.context(as: try await app.actor("city")))
                .receive(source: .health, [.init(citizenId: People.wang, event: "chronic_illness", date: "2026-10-02", detail: "高血压")])
            let health = try await ElderService(s.alarms.context).healthFacts(s.elder.id!)
            #expect(health.abilityLevel == AbilityLevel.severe.chineseName && health.assessedOn == "2026-11-20")
            #expect(health.diagnoses == ["F03", "I10"] && health.chronicIllnesses == ["高血压（2026-10-02）"])
            // Another county's operator reads nothing of it.
            let elsewhere = ElderService(app.context(as: try await app.actor("county.410922")))
            await #expect(throws: AppError(.notFound, "elder_not_found")) { _ = try await elsewhere.healthFacts(s.elder.id!) }
        }
    }
}
