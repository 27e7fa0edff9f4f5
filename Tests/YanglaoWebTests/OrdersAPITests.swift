import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// 点单 over HTTP: an Idempotency-Key makes retries safe; problems are named; scoping holds.
@Suite struct OrdersAPITests {
    @Test func anOrderIsPlacedOnceDispatchedAndExplainedOverTheAPI() async throws {
        try await withTestApp { app in
            let county = try await app.actor("county.410902")
            let provider = try await app.admittedProvider(serving: ["meal", "bathing"])
            let workers = WorkerService(app.context(as: county))
            let worker = try await app.worker(of: provider)
            var person = ElderInput(citizenID: "410902194503151238", name: "王大爷", phone: "13812345678", address: "中原路1号", regionCode: "410902001001")
            person.latitude = 35.7620
            person.longitude = 115.0290
            let elder = try await ElderService(app.context(as: county)).create(person)

            let token = try await app.token("village.410902001001")
            let body = #"{"elderId":"\#(elder.id!.uuidString)","serviceType":"meal","notes":"少盐","channel":"officer"}"#
            var ids: [String] = []
            for expected in [HTTPStatus.created, .ok] {
                try await app.testing().test(
                    .POST, "/api/v1/orders", headers: .bearer(token),
                    beforeRequest: { req in
                        req.headers.contentType = .json
                        req.headers.replaceOrAdd(name: "Idempotency-Key", value: "app-7f3a")
                        req.body = ByteBuffer(string: body)
                    },
                    afterResponse: { res in
                        #expect(res.status == expected, "\(res.body.string)")
                        let json = try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any] ?? [:]
                        ids.append(json["id"] as? String ?? "")
                        #expect(json["status"] as? String == "dispatched" && json["workerId"] as? String == worker.id!.uuidString)
                        #expect((json["dispatchExplanation"] as? String)?.hasPrefix("距离 334 m") == true)
                        #expect((json["events"] as? [[String: Any]])?.map { $0["event"] as? String } == ["create", "dispatch"])
                    })
            }
            #expect(ids[0] == ids[1] && !ids[0].isEmpty)

            try await app.testing().test(
                .POST, "/api/v1/orders", headers: .bearer(token),
                beforeRequest: { req in
                    req.headers.contentType = .json
                    req.body = ByteBuffer(
                        string: #"{"elderId":"\#(elder.id!.uuidString)","serviceType":"spaceflight","wantedAt":"2020-01-01T08:00:00Z"}"#)
                },
                afterResponse: { res in
                    #expect(
                        res.status == .badRequest && res.body.string.contains("service_type_unknown") && res.body.string.contains("order_time_past"))
                })
            // The offered worker's answer; refusing twice is not possible.
            let officer = try await app.token("county.410902")
            try await app.testing().test(.POST, "/api/v1/orders/\(ids[0])/refuse", headers: .bearer(officer)) { res in
                #expect(res.status == .ok && res.body.string.contains("\"status\":\"waiting\""))
            }
            try await app.testing().test(.POST, "/api/v1/orders/\(ids[0])/accept", headers: .bearer(officer)) { res in
                #expect(res.status == .conflict && res.body.string.contains("order_transition_illegal"))
            }
            // A second order walked through every step over the API by the county for its worker.
            var second = ""
            try await app.testing().test(
                .POST, "/api/v1/orders", headers: .bearerJSON(token),
                body: ByteBuffer(string: #"{"elderId":"\#(elder.id!.uuidString)","serviceType":"meal"}"#),
                afterResponse: { res in
                    let json = try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any] ?? [:]
                    second = json["id"] as? String ?? ""
                    #expect(res.status == .created && json["status"] as? String == "dispatched")
                })
            let code = try #require(try await OrderModel.find(UUID(uuidString: second), on: app.db)?.confirmationCode)
            for (step, json, status, expected) in [
                ("accept", "", HTTPStatus.ok, "accepted"), ("depart", "", .ok, "on_the_way"),
                ("check-in", #"{"latitude":35.7621,"longitude":115.0290}"#, .ok, "in_service"),
                ("check-out", #"{"record":"送餐到家","code":"\#(code)"}"#, .ok, "completed"),
                ("rate", #"{"stars":9}"#, .badRequest, "out_of_range"),
                ("rate", #"{"stars":5,"comment":"准时"}"#, .ok, "rated"),
                ("check-in", "{}", .conflict, "order_transition_illegal"),
            ] {
                try await app.testing().test(
                    .POST, "/api/v1/orders/\(second)/\(step)", headers: .bearer(officer),
                    beforeRequest: { req in
                        if !json.isEmpty {
                            req.headers.contentType = .json
                            req.body = ByteBuffer(string: json)
                        }
                    },
                    afterResponse: { res in
                        #expect(res.status == status && res.body.string.contains(expected), "\(step): \(res.body.string)")
                    })
            }
            let walked = try #require(try await OrderModel.find(UUID(uuidString: second), on: app.db))
            #expect(walked.confirmed == true && walked.flags.map(\.flag) == [.shortService] && walked.rating == 5)

            // A worker account sees its own jobs only: this one is linked to no worker yet.
            let workerToken = try await app.token("worker")
            try await app.testing().test(.GET, "/api/v1/orders/mine", headers: .bearer(workerToken)) { res in #expect(res.status == .forbidden) }
            _ = try await workers.linkAccount(worker.id!, username: "worker")
            try await app.testing().test(.GET, "/api/v1/orders/mine", headers: .bearer(workerToken)) { res in
                // Its orders are all finished or queued.
                #expect(res.status == .ok && res.body.string.contains("\"items\":[]") && res.body.string.contains("\"total\":0"))
            }
            try await app.testing().test(.GET, "/api/v1/orders/\(ids[0])", headers: .bearer(workerToken)) { res in #expect(res.status == .notFound) }

            // The board: filters and paging; the review queue holds the flagged (short) order.
            for (query, total) in [("", 2), ("?status=rated", 1), ("?flagged=true", 1), ("?service=bathing", 0), ("?region=410902001000&per=1", 2)] {
                try await app.testing().test(.GET, "/api/v1/orders\(query)", headers: .bearer(officer)) { res in
                    #expect(res.status == .ok && res.body.string.contains("\"total\":\(total)"), "\(query): \(res.body.string.prefix(200))")
                }
            }
            try await app.testing().test(.GET, "/api/v1/orders?status=lost", headers: .bearer(officer)) { res in #expect(res.status == .badRequest) }
            try await app.testing().test(.GET, "/api/v1/orders?region=410922000000", headers: .bearer(officer)) { res in
                #expect(res.status == .forbidden)
            }

            let elsewhere = try await app.token("county.410922")
            try await app.testing().test(.GET, "/api/v1/orders/\(ids[0])", headers: .bearer(elsewhere)) { res in #expect(res.status == .notFound) }
        }
    }
}
