import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport
import YanglaoXLSX

/// 服务商准入 and the monthly settlement statement over HTTP.
@Suite struct ProvidersAPITests {
    func json(_ res: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any] ?? [:]
    }

    @Test func aCountyAdmitsAProviderRegistersAWorkerAndDownloadsASettlementWhoseTotalsAddUp() async throws {
        try await withTestApp { app in
            let county = try await app.token("county.410902")
            let application =
                #"{"county":"410902000000","application":{"name":"颐康居家养老服务中心","creditCode":"91350100M000100Y43","contactPhone":"0393-8881234","address":"华龙区人民路 1 号","serviceTypes":["meal","bathing"],"serviceArea":["410902001000"],"prices":{"bathing":7000},"labels":[]}}"#
            var providerID = ""
            try await app.testing().test(
                .POST, "/api/v1/providers", headers: .bearerJSON(county),
                body: ByteBuffer(string: application.replacingOccurrences(of: "Y43", with: "Y44")),
                afterResponse: { res in
                    #expect(res.status == .badRequest && res.body.string.contains("credit_code_check"))
                })
            try await app.testing().test(
                .POST, "/api/v1/providers", headers: .bearerJSON(county), body: ByteBuffer(string: application),
                afterResponse: { res in
                    #expect(res.status == .created)
                    providerID = try json(res)["id"] as? String ?? ""
                })
            for (decision, status) in [("promote", HTTPStatus.badRequest), ("admit", .ok), ("admit", .conflict)] {
                try await app.testing().test(
                    .POST, "/api/v1/providers/\(providerID)/decision", headers: .bearerJSON(county),
                    body: ByteBuffer(string: #"{"decision":"\#(decision)"}"#),
                    afterResponse: { res in #expect(res.status == status, "\(decision): \(res.body.string)") })
            }
            var workerID = ""
            try await app.testing().test(
                .POST, "/api/v1/providers/\(providerID)/workers", headers: .bearer(county),
                beforeRequest: { req in
                    req.headers.contentType = .json
                    req.body = ByteBuffer(
                        string:
                            #"{"name":"护理员甲","phone":"13812345678","skills":["bathing"],"certificateLevel":2,"latitude":35.765,"longitude":115.029,"workStart":"08:00","workEnd":"18:00","capacity":4}"#
                    )
                },
                afterResponse: { res in
                    #expect(res.status == .created && res.body.string.contains("138****5678") && !res.body.string.contains("13812345678"))
                    workerID = try json(res)["id"] as? String ?? ""
                })
            try await app.testing().test(
                .POST, "/api/v1/workers/\(workerID)/duty", headers: .bearerJSON(county), body: ByteBuffer(string: #"{"onDuty":true}"#),
                afterResponse: { res in #expect(res.status == .ok && res.body.string.contains("\"onDuty\":true")) })
            try await app.testing().test(
                .GET, "/api/v1/providers?status=admitted&q=颐康".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!,
                headers: .bearer(county)
            ) { res in
                #expect(res.status == .ok && res.body.string.contains("颐康居家养老服务中心"))
            }
            let other = try await app.token("county.410922")
            try await app.testing().test(.GET, "/api/v1/providers/\(providerID)", headers: .bearer(other)) { res in #expect(res.status == .notFound) }

            // Two completed bathing orders at the provider's own price of 70 yuan → the statement.
            var person = ElderInput(citizenID: "410902194503151238", name: "王大爷", phone: "13812345678", address: "中原路1号", regionCode: "410902001001")
            person.latitude = 35.7620
            person.longitude = 115.0290
            let actor = try await app.actor("county.410902")
            let elder = try await ElderService(app.context(as: actor)).create(person)
            let orders = OrderService(app.context(as: actor))
            for _ in 0..<2 {
                let (order, _) = try await orders.create(OrderInput(elderId: elder.id!, serviceType: "bathing", channel: .phone))
                _ = try await orders.respond(order.id!, accept: true)
                _ = try await orders.checkIn(order.id!, at: GeoPoint(latitude: 35.7620, longitude: 115.0290))
                _ = try await orders.checkOut(order.id!, record: "协助洗澡")
            }
            let month = CalendarMonth(CalendarDate(Date())).description
            try await app.testing().test(.GET, "/api/v1/providers/\(providerID)/settlement.xlsx?month=\(month)", headers: .bearer(county)) { res in
                #expect(res.status == .ok)
                let rows = try XLSXReader.rows(of: Data(res.body.readableBytesView))
                // The village by name beside its code; amounts as numbers.
                #expect(rows.count == 4 && rows[1][2] == "王大爷" && !rows[1][3].isEmpty && rows[1][4] == "410902001001" && rows[1][5] == "助浴")
                let total = try #require(rows.last)
                #expect(total[0] == "合计" && total[1] == "2 单" && total[7] == "140" && total[8] == "0" && total[9] == "140")
                #expect(rows[1][10].contains("服务时长过短"))
            }
            try await app.testing().test(.GET, "/api/v1/providers/\(providerID)/settlement.xlsx?month=soon", headers: .bearer(county)) { res in
                #expect(res.status == .badRequest)
            }
        }
    }

    /// A worker's record is changed over the API and on the provider's page: the phone stays
    /// unless retyped, skills must be among the provider's services, other counties see nothing.
    @Test func aWorkersRecordIsChangedOverTheAPIAndOnTheProvidersPage() async throws {
        try await withTestApp { app in
            let actor = try await app.actor("county.410902")
            let provider = try await app.admittedProvider(serving: ["meal", "bathing"])
            let workers = WorkerService(app.context(as: actor))
            let worker = try await app.worker(of: provider, onDuty: false)
            let county = try await app.token("county.410902")
            let change =
                #"{"name":"护理员甲","phone":"","skills":["meal","bathing"],"certificateLevel":3,"latitude":35.77,"longitude":115.03,"workStart":"07:30","workEnd":"17:30","capacity":6}"#
            try await app.testing().test(
                .PUT, "/api/v1/workers/\(worker.id!)", headers: .bearerJSON(county), body: ByteBuffer(string: change),
                afterResponse: { res in
                    #expect(res.status == .ok, "\(res.body.string)")
                    #expect(
                        res.body.string.contains("138****5678") && res.body.string.contains("\"capacity\":6") && res.body.string.contains("bathing"))
                })
            try await app.testing().test(
                .PUT, "/api/v1/workers/\(worker.id!)", headers: .bearerJSON(county),
                body: ByteBuffer(string: change.replacingOccurrences(of: "\"bathing\"", with: "\"medical\"")),
                afterResponse: { res in #expect(res.status == .badRequest && res.body.string.contains("worker_skill_not_offered")) })
            try await app.testing().test(
                .PUT, "/api/v1/workers/\(worker.id!)", headers: .bearerJSON(try await app.token("county.410922")), body: ByteBuffer(string: change),
                afterResponse: { res in #expect(res.status == .notFound) })

            let officer = Browser(app: app)
            try await officer.signIn("county.410902")
            let page = try await officer.get("/providers/\(provider.id!)")
            #expect(page.body.contains("/providers/\(provider.id!)/workers/\(worker.id!)/edit"))
            let form = try await officer.get("/providers/\(provider.id!)/workers/\(worker.id!)/edit")
            #expect(form.status == .ok && form.body.contains("value=\"07:30\"") && form.body.contains("<span class=\"code\">138****5678</span>"))
            let saved = try await officer.post(
                "/providers/\(provider.id!)/workers/\(worker.id!)",
                form: [
                    "name": "护理员乙", "phone": "13900001111", "skills[]": "bathing", "certificateLevel": "2", "latitude": "35.7", "longitude": "115.0",
                    "workStart": "08:00", "workEnd": "18:00", "capacity": "5",
                ])
            #expect(saved.status == .seeOther && saved.headers.first(name: .location) == "/providers/\(provider.id!)")
            let stored = try await workers.worker(worker.id!)
            #expect(stored.name == "护理员乙" && stored.phoneMasked == "139****1111" && stored.skills == ["bathing"] && stored.capacity == 5)
            let refused = try await officer.post(
                "/providers/\(provider.id!)/workers/\(worker.id!)",
                form: [
                    "name": "护理员乙", "skills[]": "bathing", "latitude": "35.7", "longitude": "115.0", "workStart": "18:00", "workEnd": "08:00",
                    "capacity": "5",
                ])
            #expect(refused.headers.first(name: .location) == "/providers/\(provider.id!)/workers/\(worker.id!)/edit")
            #expect(try await workers.worker(worker.id!).workStart == "08:00")
        }
    }
}
