import Foundation
import Testing
import YanglaoCore
import YanglaoStore
@testable import YanglaoWeb

@Suite struct AlarmHubTests {
    func row(_ region: String, _ n: Int) -> AlarmRow {
        let alarm = AlarmModel()
        alarm.id = UUID()
        alarm.regionCode = region
        alarm.type = "sos"; alarm.priority = 3; alarm.status = "open"; alarm.source = "device"
        alarm.raisedAt = Date(); alarm.receivedAt = Date(); alarm.address = "地址\(n)"; alarm.detail = ""; alarm.attributesJSON = "{}"; alarm.overdue = false
        return AlarmRow(alarm, personName: "老人\(n)")
    }

    /// A board hears only its region's alarms; one that falls behind its buffer loses the
    /// stream (and so reloads) rather than silently missing a row.
    @Test func boardsHearTheirRegionAndASlowBoardIsCutOffNotShortChanged() async throws {
        let hub = AlarmHub()
        let township = await hub.subscribe(scope: try RegionCode("410902001000"))
        let slow = await hub.subscribe(scope: nil, buffer: 3)
        await hub.publish(row("410902001001", 1))
        await hub.publish(row("410922001001", 2))      // another county
        var seen: [String] = []
        for await text in township where !text.isEmpty {
            seen.append(text)
            break
        }
        #expect(seen.count == 1 && seen[0].contains("老人1"))
        for n in 3...6 { await hub.publish(row("410902001001", n)) }   // 6 rows for a buffer of 3
        var got = 0
        for await text in slow where !text.isEmpty { got += 1 }          // ends: the stream was finished
        #expect(got == 3)
    }
}
