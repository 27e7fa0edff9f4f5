import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport
import YanglaoWeb

/// Device intake over HTTP: a signed event creates one alarm, a retry returns it, a bad or
/// stale signature is 401; Traccar's forwarding maps onto our types; the board handles it.
@Suite struct AlarmsAPITests {
    func person(_ app: Application) async throws -> ElderModel {
        var input = ElderInput(citizenID: "410902194503151238", name: "王大爷", phone: "13812345678", address: "中原路1号", regionCode: "410902001001")
        input.latitude = 35.7620
        input.longitude = 115.0290
        return try await ElderService(app.context(as: try await app.actor("county.410902")))
            .create(input)
    }

    func json(_ res: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any] ?? [:]
    }

    @Test func aSignedEventRaisesOneAlarmAndABadOrStaleSignatureIsRefused() async throws {
        try await withTestApp { app in
            let elder = try await person(app)
            let hotline = try await app.token("hotline")
            var secret = ""
            try await app.testing().test(
                .POST, "/api/v1/devices", headers: .bearer(hotline),
                beforeRequest: { req in
                    try req.content.encode(["serial": "SOS-77", "type": "sos_button", "elderId": elder.id!.uuidString])
                },
                afterResponse: { res in
                    #expect(res.status == .created, "\(res.body.string)")
                    secret = try json(res)["secret"] as? String ?? ""
                })
            #expect(secret.hasPrefix("yld_"))
            // The secret is shown once: the list does not carry it, and the database holds it sealed.
            try await app.testing().test(.GET, "/api/v1/devices", headers: .bearer(hotline)) { res in
                #expect(res.status == .ok && !res.body.string.contains(secret) && res.body.string.contains("SOS-77"))
            }
            #expect(try await DeviceModel.query(on: app.db).first()?.secretCipher.contains(secret) == false)

            let body = #"{"eventId":"btn-1","type":"sos"}"#
            func post(
                _ body: String, timestamp: Int = Int(Date().timeIntervalSince1970), secret key: String? = nil, expect status: HTTPStatus,
                _ check: @escaping @Sendable ([String: Any], String) -> Void = { _, _ in }
            ) async throws {
                let ts = String(timestamp)
                let signature = DeviceService.signature(secret: key ?? secret, timestamp: ts, body: Data(body.utf8))
                try await app.testing().test(
                    .POST, "/api/v1/devices/SOS-77/events",
                    beforeRequest: { req in
                        req.headers.contentType = .json
                        req.headers.replaceOrAdd(name: "X-Yanglao-Timestamp", value: ts)
                        req.headers.replaceOrAdd(name: "X-Yanglao-Signature", value: signature)
                        req.body = ByteBuffer(string: body)
                    },
                    afterResponse: { res in
                        #expect(res.status == status, "\(res.body.string)")
                        check(try json(res), res.body.string)
                    })
            }
            let ids = IDs()
            try await post(body, expect: .created) { j, _ in ids.add((j["alarm"] as? [String: Any])?["id"] as? String) }
            try await post(body, expect: .ok) { j, _ in
                ids.add((j["alarm"] as? [String: Any])?["id"] as? String)
                #expect(j["replayed"] as? Bool == true)
            }
            #expect(ids.all.count == 2 && Set(ids.all).count == 1)
            try await post(#"{"eventId":"btn-2","type":"sos"}"#, secret: "yld_wrong", expect: .unauthorized) { _, text in
                #expect(text.contains("device_signature_invalid"))
            }
            try await post(#"{"eventId":"btn-3","type":"sos"}"#, timestamp: Int(Date().timeIntervalSince1970) - 900, expect: .unauthorized) {
                _, text in
                #expect(text.contains("device_signature_stale"))
            }
            try await post("{not json", expect: .badRequest) { _, text in #expect(text.contains("device_event_malformed")) }
            try await post(#"{"eventId":"hb-1","type":"heartbeat"}"#, expect: .ok) { j, _ in #expect(j["note"] as? String == "heartbeat") }
            #expect(try await AlarmModel.query(on: app.db).count() == 1)

            // The board: acknowledge once; the second time names who did it.
            let id = try #require(ids.all.first)
            try await app.testing().test(.POST, "/api/v1/alarms/\(id)/acknowledge", headers: .bearer(hotline)) { res in
                #expect(res.status == .ok && res.body.string.contains("\"status\":\"acknowledged\""))
            }
            try await app.testing().test(.POST, "/api/v1/alarms/\(id)/acknowledge", headers: .bearer(try await app.token("township.410902001"))) {
                res in
                #expect(res.status == .conflict && res.body.string.contains("alarm_already_acknowledged") && res.body.string.contains("hotline"))
            }
            try await app.testing().test(
                .POST, "/api/v1/alarms/\(id)/close", headers: .bearer(hotline),
                beforeRequest: { req in
                    try req.content.encode(["outcome": "false_alarm", "notes": "误触"])
                },
                afterResponse: { res in
                    #expect(res.status == .ok && res.body.string.contains("\"outcome\":\"false_alarm\""))
                })
            // Another county cannot see it.
            try await app.testing().test(.GET, "/api/v1/alarms/\(id)", headers: .bearer(try await app.token("county.410922"))) { res in
                #expect(res.status == .notFound)
            }
        }
    }

    @Test func theRegionsStatisticsCountWhatHappenedAndRefuseABadPeriod() async throws {
        try await withTestApp { app in
            let elder = try await person(app)
            let register = ElderService(app.context(as: try await app.actor("hotline")))
            let (device, _) = try await DeviceService(register.context).register(DeviceInput(serial: "BTN-1", type: "sos_button", elderId: elder.id!))
            let alarms = AlarmService(register.context)
            let first = try #require(try await AlarmService.intake(DeviceEvent(eventId: "a", type: "sos"), from: device, on: app.db).alarm)
            _ = try await AlarmService.intake(DeviceEvent(eventId: "b", type: "fallDown"), from: device, on: app.db)
            _ = try await alarms.acknowledge(first.id!)
            _ = try await alarms.close(first.id!, outcome: .falseAlarm, notes: "")
            let township = try await app.token("township.410902001")
            try await app.testing().test(.GET, "/api/v1/alarms/stats", headers: .bearer(township)) { res in
                #expect(res.status == .ok, "\(res.body.string)")
                let j = try json(res)
                let s = j["statistics"] as? [String: Any] ?? [:]
                #expect(
                    s["total"] as? Int == 2 && s["acknowledged"] as? Int == 1 && s["answeredWithin60s"] as? Int == 1 && s["falseAlarms"] as? Int == 1)
                #expect(j["answeredShare"] as? Double == 0.5 && j["industryAnsweredShare"] as? Double == 0.985)
                let devices = s["byDeviceType"] as? [[String: Any]] ?? []
                #expect(devices.first?["key"] as? String == "sos_button" && devices.first?["falseAlarms"] as? Int == 1)
            }
            try await app.testing().test(.GET, "/api/v1/alarms/stats?region=410922000000", headers: .bearer(township)) { res in
                #expect(res.status == .forbidden)
            }
            try await app.testing().test(.GET, "/api/v1/alarms/stats?from=2026-12-01&to=2026-11-01", headers: .bearer(township)) { res in
                #expect(res.status == .badRequest && res.body.string.contains("period_invalid"))
            }
            // Another county's officer counts none of it.
            try await app.testing().test(.GET, "/api/v1/alarms/stats", headers: .bearer(try await app.token("county.410922"))) { res in
                #expect(res.status == .ok && res.body.string.contains("\"total\":0"))
            }
        }
    }

    @Test func traccarsForwardingIsMappedOntoOurTypesAndUnknownTypesAreKept() async throws {
        try await withTestApp { app in
            let elder = try await person(app)
            let register = ElderService(app.context(as: try await app.actor("hotline")))
            _ = try await DeviceService(register.context).register(DeviceInput(serial: "865432104567890", type: "watch", elderId: elder.id!))
            let event = { (id: Int, type: String, alarm: String?) in
                let attributes = alarm.map { #"{"alarm":"\#($0)"}"# } ?? "{}"
                return #"{"event":{"id":\#(id),"type":"\#(type)","eventTime":"2026-11-24T08:00:00.000+00:00","attributes":\#(attributes)},"#
                    + #""position":{"latitude":35.77,"longitude":115.03,"fixTime":"2026-11-24T07:59:58.000+00:00"},"device":{"uniqueId":"865432104567890","name":"王大爷手表"}}"#
            }
            func post(_ body: String, token: String?, expect status: HTTPStatus, _ check: @escaping @Sendable (String) -> Void = { _ in })
                async throws
            {
                try await app.testing().test(
                    .POST, "/api/v1/traccar/events",
                    beforeRequest: { req in
                        req.headers.contentType = .json
                        if let token { req.headers.replaceOrAdd(name: "X-Traccar-Token", value: token) }
                        req.body = ByteBuffer(string: body)
                    },
                    afterResponse: { res in
                        #expect(res.status == status, "\(res.body.string)")
                        check(res.body.string)
                    })
            }
            try await post(event(1, "alarm", "sos"), token: "x", expect: .serviceUnavailable)
            app.yanglaoConfig.traccarToken = "traccar-shared-token-1"
            try await post(event(1, "alarm", "sos"), token: "wrong-token-000000", expect: .unauthorized)
            try await post(event(1, "alarm", "sos"), token: "traccar-shared-token-1", expect: .created) { #expect($0.contains("\"type\":\"sos\"")) }
            try await post(event(1, "alarm", "sos"), token: "traccar-shared-token-1", expect: .ok) { #expect($0.contains("\"replayed\":true")) }
            try await post(event(2, "alarm", "lowPower"), token: "traccar-shared-token-1", expect: .created) {
                #expect($0.contains("\"type\":\"lowBattery\""))
            }
            try await post(event(3, "deviceOffline", nil), token: "traccar-shared-token-1", expect: .created) {
                #expect($0.contains("\"type\":\"deviceOffline\""))
            }
            try await post(event(4, "deviceOnline", nil), token: "traccar-shared-token-1", expect: .ok) {
                #expect($0.contains("\"note\":\"heartbeat\""))
            }
            try await post(event(5, "alarm", "vibration"), token: "traccar-shared-token-1", expect: .created) {
                #expect($0.contains("\"type\":\"vibration\"") && $0.contains("其他（vibration）"))
            }
            let alarms = try await AlarmModel.query(on: app.db).sort(\.$type).all()
            #expect(alarms.map(\.type) == ["deviceOffline", "lowBattery", "sos", "vibration"] && alarms.allSatisfy { $0.source == "traccar" })
            #expect(alarms.first { $0.type == "sos" }?.latitude == 35.77)
        }
    }
}

/// Ids collected by the test's response checks.
final class IDs: @unchecked Sendable {
    private var values: [String] = []
    func add(_ id: String?) { values.append(id ?? "") }
    var all: [String] { values }
}

/// Guardians hear of an alarm through a real webhook, at once, with their phone opened only to send.
@Suite struct AlarmNotificationTests {
    actor Received {
        var items: [OutgoingNotification] = []
        func add(_ n: OutgoingNotification) { items.append(n) }
    }

    @Test func aGuardianIsNotifiedThroughTheWebhookAndAFailingReceiverIsRetried() async throws {
        let receiver = try await Application.make(.testing)
        let received = Received()
        let failFirst = Received()
        receiver.post("hook") { req async throws -> HTTPStatus in
            let n = try req.content.decode(OutgoingNotification.self)
            // The first delivery of each message fails: the outbox must try again.
            if await !failFirst.items.contains(n) {
                await failFirst.add(n)
                return .serviceUnavailable
            }
            await received.add(n)
            return .ok
        }
        try await receiver.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(receiver.http.server.shared.localAddress?.port)
        defer {
            Task {
                await receiver.server.shutdown()
                try? await receiver.asyncShutdown()
            }
        }

        try await withTestApp { app in
            app.yanglaoConfig.notifyWebhook = "http://127.0.0.1:\(port)/hook"
            var input = ElderInput(citizenID: "410902194503151238", name: "王大爷", phone: "13812345678", address: "中原路1号", regionCode: "410902001001")
            input.contacts = [ElderInput.ContactInput(name: "王小明", relation: "儿子", phone: "13900001111")]
            let elder = try await ElderService(
                app.context(as: try await app.actor("county.410902"))
            ).create(input)
            let register = ElderService(app.context(as: try await app.actor("hotline")))
            let (_, secret) = try await DeviceService(register.context).register(
                DeviceInput(serial: "PENDANT-5", type: "pendant", elderId: elder.id!))
            let body = #"{"eventId":"p-1","type":"fallDown"}"#
            let ts = String(Int(Date().timeIntervalSince1970))
            try await app.testing().test(
                .POST, "/api/v1/devices/PENDANT-5/events",
                beforeRequest: { req in
                    req.headers.contentType = .json
                    req.headers.replaceOrAdd(name: "X-Yanglao-Timestamp", value: ts)
                    req.headers.replaceOrAdd(
                        name: "X-Yanglao-Signature", value: DeviceService.signature(secret: secret, timestamp: ts, body: Data(body.utf8)))
                    req.body = ByteBuffer(string: body)
                }, afterResponse: { res in #expect(res.status == .created) })
            // The outbox row exists with the alarm; the first attempt fails, the retry (5 s later) gets through.
            var stored = try await AlarmNotificationModel.query(on: app.db).all()
            #expect(stored.count == 1 && stored[0].phoneMasked == "139****1111" && !stored[0].phoneCipher.contains("13900001111"))
            for _ in 0..<300 where try await AlarmNotificationModel.query(on: app.db).first()?.lastError == nil {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(await failFirst.items.count == 1)
            let row = try #require(try await AlarmNotificationModel.query(on: app.db).first())
            #expect(row.status == "pending" && row.attempts == 1 && row.nextAttemptAt > Date().addingTimeInterval(-60))
            // Once the back-off has passed, the retry gets through.
            let result = try await AlarmNotifications.deliver(
                now: Date().addingTimeInterval(3_600),
                sender: WebhookSender(url: URI(string: "http://127.0.0.1:\(port)/hook"), client: app.client),
                protection: app.dataProtection, on: app.db)
            #expect(result.sent == 1)
            let items = await received.items
            #expect(items.count == 1 && items[0].phone == "13900001111" && items[0].message.contains("跌倒") && items[0].relation == "儿子")
            stored = try await AlarmNotificationModel.query(on: app.db).all()
            #expect(stored[0].status == "sent" && stored[0].attempts == 2)
        }
    }

    actor Texts {
        var items: [[String: String]] = []
        func add(_ form: [String: String]) -> Int {
            items.append(form)
            return items.count
        }
    }

    /// With an SMS gateway configured, guardians get a text message: a form post of the key,
    /// the number and the text; a refusal (balance used up) is kept as the reason and retried.
    @Test func aGuardianIsTextedThroughTheSMSGatewayAndARefusalIsRetried() async throws {
        let gateway = try await Application.make(.testing)
        let texts = Texts()
        gateway.post("sms", "single_send.json") { req async throws -> Response in
            let form = try req.content.decode([String: String].self, as: .urlEncodedForm)
            let n = await texts.add(form)
            let answer = n == 1 ? #"{"code":8,"msg":"余额不足"}"# : #"{"code":0,"msg":"发送成功"}"#
            return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: answer))
        }
        try await gateway.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(gateway.http.server.shared.localAddress?.port)
        defer {
            Task {
                await gateway.server.shutdown()
                try? await gateway.asyncShutdown()
            }
        }

        try await withTestApp { app in
            app.yanglaoConfig.smsGateway = SMSGateway(url: "http://127.0.0.1:\(port)/sms/single_send.json", apiKey: "test-key-1")
            var input = ElderInput(citizenID: "410902194503151238", name: "王大爷", phone: "13812345678", address: "中原路1号", regionCode: "410902001001")
            input.contacts = [ElderInput.ContactInput(name: "王小明", relation: "儿子", phone: "13900001111")]
            let elder = try await ElderService(
                app.context(as: try await app.actor("county.410902"))
            ).create(input)
            try await app.testing().test(
                .POST, "/api/v1/alarms", headers: .bearer(try await app.token("hotline")),
                beforeRequest: { req in
                    try req.content.encode(["elderId": elder.id!.uuidString, "type": "sos", "detail": "老人来电呼救"])
                }, afterResponse: { res in #expect(res.status == .created) })
            for _ in 0..<300 where try await AlarmNotificationModel.query(on: app.db).first()?.lastError == nil {
                try await Task.sleep(for: .milliseconds(100))
            }
            let refused = try #require(try await AlarmNotificationModel.query(on: app.db).first())
            #expect(refused.status == "pending" && refused.lastError?.contains("余额不足") == true)
            let sender = SMSGatewaySender(gateway: try #require(app.yanglaoConfig.smsGateway), client: app.client)
            let result = try await AlarmNotifications.deliver(
                now: Date().addingTimeInterval(3_600), sender: sender, protection: app.dataProtection, on: app.db)
            #expect(result.sent == 1)
            let sent = await texts.items
            #expect(sent.count == 2 && sent[1]["apikey"] == "test-key-1" && sent[1]["mobile"] == "13900001111")
            #expect(sent[1]["text"]?.contains("王大爷") == true && sent[1]["text"]?.contains("紧急呼叫") == true)
            #expect(try await AlarmNotificationModel.query(on: app.db).first()?.status == "sent")
        }
    }
}
