import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport
import YanglaoWeb

/// Ability assessments over HTTP: the whole path from draft to approval, errors and scoping.
@Suite struct AssessmentAPITests {
    struct Record: Decodable {
        struct Level: Decodable {
            let code: Int
            let name: String
        }
        struct Result: Decodable {
            let total: Int
            let initialLevel: Level
            let finalLevel: Level
            let reasons: [[String: AnyDecodable]]
        }
        let id: UUID
        let status: String
        let answers: [String: Int]
        let result: Result?
        let nextDue: String?
        let current: Bool
    }
    /// Enough of any JSON value to decode a list of objects without caring about them.
    struct AnyDecodable: Decodable { init(from decoder: any Decoder) throws {} }

    func send(
        _ app: Application, _ method: HTTPMethod, _ path: String, token: String, json: String? = nil,
        expect status: HTTPStatus, contains: [String] = []
    ) async throws -> String {
        var body = ""
        try await app.testing().test(
            method, path, headers: .bearer(token),
            beforeRequest: { req in
                if let json {
                    req.headers.contentType = .json
                    req.body = ByteBuffer(string: json)
                }
            },
            afterResponse: { res in
                body = res.body.string
                #expect(res.status == status, "\(method) \(path): \(body)")
                for text in contains { #expect(body.contains(text), "\(method) \(path) lacks \(text): \(body)") }
            })
        return body
    }

    func decode(_ text: String) throws -> Record { try JSONDecoder().decode(Record.self, from: Data(text.utf8)) }

    @Test func fromDraftToApprovalOverHTTP() async throws {
        try await withTestApp { app in
            let village = try await app.token("village.410902001001")
            let person = try await ElderAPITests.createWang(app, token: village)
            let assessor = try await app.token("assessor")
            let path = "/api/v1/elders/\(person.id)/assessments"

            _ = try await send(
                app, .POST, path, token: assessor, json: #"{"reason":"sometimes"}"#, expect: .badRequest, contains: ["assessment_reason_invalid"])
            _ = try await send(app, .POST, path, token: village, json: #"{"reason":"first"}"#, expect: .forbidden, contains: ["assessment_forbidden"])
            let draft = try decode(
                try await send(app, .POST, path, token: assessor, json: #"{"reason":"first","assessedOn":"2026-11-20"}"#, expect: .created))
            let record = "/api/v1/assessments/\(draft.id)"

            // Saved in parts; bad answers and codes are named; malformed JSON is a 400.
            _ = try await send(app, .PATCH, record, token: assessor, json: #"{"answers":{"B.1.1":4,"B.1.2":3}}"#, expect: .ok)
            _ = try await send(
                app, .PATCH, record, token: assessor, json: #"{"answers":{"B.1.1":9,"Q.1":1},"diagnoses":["X"]}"#, expect: .badRequest,
                contains: ["answers[B.1.1]", "answers[Q.1]", "diagnoses[0]"])
            _ = try await send(app, .PATCH, record, token: assessor, json: #"{"answers":{"B.1.1":"#, expect: .badRequest)
            _ = try await send(
                app, .PATCH, record, token: assessor,
                json: #"{"careRiskEvents":{"fall":7,"wanderingOff":0,"choking":0,"suicideOrSelfHarm":0,"other":0}}"#,
                expect: .badRequest)
            _ = try await send(
                app, .POST, record + "/submit", token: assessor, expect: .badRequest, contains: ["assessment_item_missing", "answers[B.4.5]"])
            _ = try await send(app, .GET, record + "/report.pdf", token: assessor, expect: .conflict)

            let all = try JSONSerialization.data(withJSONObject: [
                "answers": answers(total: 40),
                "careRiskEvents": ["fall": 1, "wanderingOff": 0, "choking": 1, "suicideOrSelfHarm": 0, "other": 0],
            ])
            _ = try await send(app, .PATCH, record, token: assessor, json: String(decoding: all, as: UTF8.self), expect: .ok)
            let submitted = try decode(try await send(app, .POST, record + "/submit", token: assessor, expect: .ok, contains: ["care_risk_events"]))
            #expect(submitted.result?.total == 40)
            #expect(submitted.result?.initialLevel.code == AbilityLevel.severe.rawValue)
            #expect(submitted.result?.finalLevel.code == AbilityLevel.complete.rawValue)  // two risk events: one worse

            // Review: not by the assessor; another county cannot even see it.
            _ = try await send(app, .POST, record + "/approve", token: assessor, expect: .forbidden)
            let otherCounty = try await app.token("county.410922")
            _ = try await send(app, .GET, record, token: otherCounty, expect: .notFound, contains: ["assessment_not_found"])
            _ = try await send(app, .POST, record + "/approve", token: otherCounty, expect: .notFound)
            let township = try await app.token("township.410902001")
            let approved = try decode(try await send(app, .POST, record + "/approve", token: township, json: #"{"note":"同意"}"#, expect: .ok))
            #expect(approved.status == "approved" && approved.current && approved.nextDue == "2027-11-20")

            // The person is now 失能, and reading the record was audited.
            _ = try await send(app, .GET, "/api/v1/elders/\(person.id)", token: village, expect: .ok, contains: ["\"disabled\""])
            _ = try await send(app, .GET, record, token: village, expect: .ok)
            _ = try await send(
                app, .GET, "/api/v1/audit?action=assessment.read", token: try await app.token("county.410902"), expect: .ok,
                contains: ["village.410902001001"])
            // The report: a real PDF in C.1–C.5 order whose text reads back.
            try await app.testing().test(.GET, record + "/report.pdf", headers: .bearer(village)) { res in
                #expect(res.status == .ok && res.headers.contentType?.subType == "pdf")
                let text = try PDFText.extract(Data(res.body.readableBytesView))
                for expected in [
                    "老年人能力评估报告", "C.1 一级指标分级", "C.4 能力等级变更依据", "C.5 老年人能力最终等级",
                    "能力完全丧失（完全失能）", "王大爷", "410902********1238", "B.4.5 社会交往能力",
                ] {
                    #expect(text.contains(expected), "report lacks \(expected)")
                }
                #expect(!text.contains("未经审核"))
            }
            let history = try await send(app, .GET, path, token: village, expect: .ok)
            struct History: Decodable {
                let items: [Record]
                let total: Int
            }
            #expect(try JSONDecoder().decode(History.self, from: Data(history.utf8)).items.map(\.id) == [draft.id])
            _ = try await send(app, .GET, "/api/v1/assessments/due?by=2027-12-01", token: village, expect: .ok, contains: ["\"total\":1", "王大爷"])
            _ = try await send(app, .GET, "/api/v1/assessments/due?by=tomorrow", token: village, expect: .badRequest)
            _ = try await send(app, .GET, "/api/v1/assessments/due?region=410922000000", token: village, expect: .forbidden)
        }
    }

    @Test func theScaleAndUnknownRecords() async throws {
        try await withTestApp { app in
            let token = try await app.token("assessor")
            let scale = try await send(app, .GET, "/api/v1/assessments/scale", token: token, expect: .ok, contains: ["42195-2022", "B.4.5"])
            let json = try JSONSerialization.jsonObject(with: Data(scale.utf8)) as? [String: Any]
            #expect((json?["items"] as? [Any])?.count == 26 && json?["maximum"] as? Int == 90)
            _ = try await send(app, .GET, "/api/v1/assessments/\(UUID())", token: token, expect: .notFound)
            _ = try await send(app, .GET, "/api/v1/assessments/not-an-id", token: token, expect: .notFound)
            _ = try await send(app, .PATCH, "/api/v1/assessments/\(UUID())", token: token, json: "{}", expect: .notFound)
        }
    }
}

/// The text of a PDF, read back with poppler's pdftotext.
enum PDFText {
    static func extract(_ data: Data) throws -> String {
        #expect(data.starts(with: Data("%PDF-".utf8)))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("r.pdf")
        let out = dir.appendingPathComponent("r.txt")
        try data.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = ["-raw", file.path, out.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "pdftotext failed")
        return try String(contentsOf: out, encoding: .utf8)
    }
}
