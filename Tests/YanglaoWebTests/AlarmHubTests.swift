import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

@testable import YanglaoWeb

@Suite struct AlarmHubTests {
    func row(_ region: String, _ n: Int) -> AlarmRow {
        let alarm = AlarmModel()
        alarm.id = UUID()
        alarm.regionCode = region
        alarm.type = "sos"
        alarm.priority = 3
        alarm.status = "open"
        alarm.source = "device"
        alarm.raisedAt = Date()
        alarm.receivedAt = Date()
        alarm.address = "地址\(n)"
        alarm.detail = ""
        alarm.attributesJSON = "{}"
        alarm.overdue = false
        return AlarmRow(alarm, personName: "老人\(n)")
    }

    /// A board hears only its region's alarms; one that falls behind its buffer loses the
    /// stream (and so reloads) rather than silently missing a row.
    @Test func boardsHearTheirRegionAndASlowBoardIsCutOffNotShortChanged() async throws {
        let hub = AlarmHub()
        let township = await hub.subscribe(scope: try RegionCode("410902001000"))
        let slow = await hub.subscribe(scope: nil, buffer: 3)
        await hub.publish(row("410902001001", 1))
        await hub.publish(row("410922001001", 2))  // another county
        var seen: [String] = []
        for await text in township where !text.isEmpty {
            seen.append(text)
            break
        }
        #expect(seen.count == 1 && seen[0].contains("老人1"))
        for n in 3...6 { await hub.publish(row("410902001001", n)) }  // 6 rows for a buffer of 3
        var got = 0
        for await text in slow where !text.isEmpty { got += 1 }  // ends: the stream was finished
        #expect(got == 3)
    }

    /// Two servers on one PostgreSQL database: an alarm raised through one reaches a board
    /// connected to the other, and each board hears it once.
    @Test(.enabled(if: TestDatabase.isPostgres)) func anAlarmRaisedOnOneServerReachesTheBoardsOfAnother() async throws {
        try await withTestApp { first in
            let second = try await Application.make(.testing)
            do {
                var config = AppConfig(database: TestDatabase.location, bcryptCost: 4)
                config.dataProtection = first.dataProtection
                try configure(second, config: config)
                await AlarmBoardListener.start(first)
                await AlarmBoardListener.start(second)
                let elsewhere = await second.alarmHub.subscribe(scope: try RegionCode("410902000000"))
                let here = await first.alarmHub.subscribe(scope: nil)
                let elder = try await AlarmsAPITests().person(first)
                let hotline = try await first.token("hotline")
                var id = ""
                try await first.testing().test(
                    .POST, "/api/v1/alarms", headers: .bearer(hotline),
                    beforeRequest: { req in
                        try req.content.encode(["elderId": elder.id!.uuidString, "type": "fallDown", "detail": "邻居来电：老人摔倒"])
                    },
                    afterResponse: { res in
                        #expect(res.status == .created, "\(res.body.string)")
                        id = (try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any])?["id"] as? String ?? ""
                    })
                for board in [elsewhere, here] {
                    let rows = await Self.rows(board, for: .seconds(2))
                    #expect(rows.count == 1 && rows.first?.contains(id) == true && rows.first?.contains("王大爷") == true)
                }
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }

    /// The rows a board receives within `duration`.
    static func rows(_ board: AsyncStream<String>, for duration: Duration) async -> [String] {
        await withTaskGroup(of: [String].self) { group in
            group.addTask {
                var rows: [String] = []
                for await text in board where !text.isEmpty { rows.append(text) }
                return rows
            }
            group.addTask {
                try? await Task.sleep(for: duration)
                return []
            }
            _ = await group.next()
            group.cancelAll()
            return await group.reduce(into: []) { $0 += $1 }
        }
    }
}
