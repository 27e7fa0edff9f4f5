import Foundation
import Testing

@testable import YanglaoCore

@Suite struct AlarmTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func statisticsGiveSharesPercentilesAndTheIndustryMeasure() {
        var facts: [AlarmFact] = []
        // Ten alarms answered in 10, 20, …, 100 s; two of them false alarms from SOS buttons; one never answered and overdue.
        for i in 1...10 {
            facts.append(
                AlarmFact(
                    type: i % 2 == 0 ? "sos" : "fallDown", deviceType: i <= 4 ? "sos_button" : "watch", raisedAt: t0,
                    acknowledgedAt: t0.addingTimeInterval(Double(i) * 10), closedAt: t0.addingTimeInterval(Double(i) * 100),
                    outcome: i <= 2 ? "false_alarm" : "resolved_at_home", overdue: false))
        }
        facts.append(AlarmFact(type: "sos", deviceType: nil, raisedAt: t0, acknowledgedAt: nil, closedAt: nil, outcome: nil, overdue: true))
        let s = AlarmStatistics(facts, offlineDevices: 3)
        #expect(s.total == 11 && s.acknowledged == 10 && s.answeredWithin60s == 6)
        #expect(s.answeredShare == 6.0 / 11.0)  // the unanswered one counts against it
        #expect(s.acknowledgeP50 == 50 && s.acknowledgeP90 == 90 && s.closeP50 == 500 && s.closeP90 == 900)
        #expect(s.overdue == 1 && s.falseAlarms == 2 && s.offlineDevices == 3)
        #expect(s.byType.map(\.key) == ["sos", "fallDown"] && s.byType.map(\.count) == [6, 5])
        let buttons = s.byDeviceType.first { $0.key == "sos_button" }
        #expect(buttons?.count == 4 && buttons?.falseAlarms == 2)
        #expect(AlarmStatistics([], offlineDevices: 0).answeredShare == nil)
    }

    @Test func typesKeepUnknownCodesAndRankByPriority() {
        #expect(AlarmType(code: "fallDown") == .fallDown && AlarmType(code: "fallDown").priority == .high)
        #expect(AlarmType(code: "vibration") == .other("vibration") && AlarmType(code: "vibration").priority == .medium)
        #expect(AlarmType.lowBattery.priority == .low && AlarmPriority.high > AlarmPriority.medium)
    }

    @Test func escalationGoesUpOneLevelAtATimeAndStopsAtTheCity() throws {
        let village = try RegionCode("410902001001")
        #expect(AlarmEscalation.nextLevel(of: village, current: nil) == (try RegionCode("410902001000")))
        #expect(AlarmEscalation.nextLevel(of: village, current: try RegionCode("410902001000")) == (try RegionCode("410902000000")))
        #expect(AlarmEscalation.nextLevel(of: village, current: try RegionCode("410902000000")) == (try RegionCode("410900000000")))
        #expect(AlarmEscalation.nextLevel(of: village, current: try RegionCode("410900000000")) == nil)
        let rule = AlarmEscalation(acknowledgeWithin: 60)
        #expect(!rule.isOverdue(raisedAt: t0, status: .open, now: t0.addingTimeInterval(59)))
        #expect(rule.isOverdue(raisedAt: t0, status: .open, now: t0.addingTimeInterval(60)))
        #expect(!rule.isOverdue(raisedAt: t0, status: .acknowledged, now: t0.addingTimeInterval(600)))
    }

    @Test func readingsOutsideThePersonsLimitsAreNamedAndImpossibleOnesRefused() {
        let limits = ReadingThresholds()
        #expect(
            limits.breaches(DeviceEvent(eventId: "r", type: "reading", heartRate: 130, systolic: 190)) == [
                "心率 130 次/分，高于 120", "收缩压 190 mmHg，高于 180",
            ])
        #expect(limits.breaches(DeviceEvent(eventId: "r", type: "reading", heartRate: 70, spo2: 95)).isEmpty)
        let problems = DeviceEvent(eventId: "", type: "reading", latitude: 95, longitude: 10, heartRate: 400).problems(now: t0)
        #expect(problems.map(\.code) == ["device_event_id_invalid", "position_invalid", "reading_out_of_range"])
    }

    @Test func aPersonsLimitsMustBeSettableByADoctorAndLowBelowHigh() {
        #expect(ReadingThresholds().problems().isEmpty)
        let slowHeart = ReadingThresholds(heartRateLow: 38, heartRateHigh: 110, systolicLow: 85, systolicHigh: 180, spo2Low: 88)
        #expect(slowHeart.problems().isEmpty)
        #expect(slowHeart.breaches(DeviceEvent(eventId: "r", type: "reading", heartRate: 40, spo2: 89)).isEmpty)
        let wrong = ReadingThresholds(heartRateLow: 90, heartRateHigh: 80, systolicLow: 140, systolicHigh: 300, spo2Low: 100)
        #expect(wrong.problems().map(\.field) == ["systolicLow", "systolicHigh", "spo2Low", "heartRateLow"])
        #expect(wrong.problems().last?.code == "threshold_low_not_below_high")
    }
}
