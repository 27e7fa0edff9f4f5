import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport
import YanglaoXLSX

@Suite struct ElderImportAPITests {
    static let csv = """
        身份证号,姓名,所属村（社区）代码,联系电话
        410902194503151238,王秀兰,410902001001,13812345678
        410928193602290048,李桂芝,410902001002,
        410902194503151237,错校验,410902001001,
        """

    struct Report: Decodable {
        struct P: Decodable {
            let row: Int
            let column: String
            let code: String
            let message: String
        }
        let committed: Bool
        let new: Int
        let updated: Int
        let unchanged: Int
        let rejected: Int
        let problems: [P]
    }

    func post(
        _ app: Application, _ token: String, query: String, body: [UInt8], contentType: HTTPMediaType = HTTPMediaType(type: "text", subType: "csv"),
        _ check: @escaping (TestingHTTPResponse) throws -> Void
    ) async throws {
        try await app.testing().test(
            .POST, "/api/v1/elders/import\(query)", headers: .bearer(token),
            beforeRequest: { req in
                req.headers.contentType = contentType
                req.body = ByteBuffer(bytes: body)
            }, afterResponse: { res in try check(res) })
    }

    @Test func previewThenCommitThenNothingChanges() async throws {
        try await withTestApp { app in
            let token = try await app.token("county.410902")
            let gb = try #require(TextDecoding.encode(Self.csv))
            try await post(app, token, query: "", body: gb) { res in
                #expect(res.status == .ok)
                let r = try res.content.decode(Report.self)
                #expect(!r.committed && r.new == 2 && r.rejected == 1)
                #expect(
                    r.problems.first?.row == 4 && r.problems.first?.code == "citizen_id_check" && r.problems.first?.message.contains("校验位") == true)
            }
            try await post(app, token, query: "?commit=true", body: gb) { res in
                let r = try res.content.decode(Report.self)
                #expect(r.committed && r.new == 2)
            }
            try await post(app, token, query: "?commit=true", body: Array(Self.csv.utf8)) { res in
                let r = try res.content.decode(Report.self)
                #expect(r.new == 0 && r.updated == 0 && r.unchanged == 2)
            }
            // The problem list as a workbook.
            try await post(app, token, query: "?format=xlsx", body: Array(Self.csv.utf8)) { res in
                #expect(res.headers.contentType?.subType.contains("spreadsheetml") == true)
                let rows = try XLSXReader.rows(of: Data(buffer: res.body))
                #expect(rows.count == 2 && rows[1][0] == "4" && rows[1][4] == "citizen_id_check")
            }
        }
    }

    @Test func aMultipartUploadWorksAndOtherVillagesAreRefused() async throws {
        try await withTestApp { app in
            let token = try await app.token("village.410902001002")
            let boundary = "----yanglao"
            var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"名单.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            body += Self.csv + "\r\n--\(boundary)--\r\n"
            try await post(
                app, token, query: "?commit=true", body: Array(body.utf8),
                contentType: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
            ) { res in
                #expect(res.status == .ok, "\(res.body.string)")
                let r = try res.content.decode(Report.self)
                #expect(r.new == 1 && r.problems.contains { $0.row == 2 && $0.code == "region_forbidden" })
            }
            try await post(app, try await app.token("hotline"), query: "", body: Array(Self.csv.utf8)) { res in
                #expect(res.status == .forbidden)
            }
            try await post(app, token, query: "", body: Array("姓名\n王\n".utf8)) { res in
                #expect(res.status == .badRequest && res.body.string.contains("import_columns_missing"))
            }
        }
    }

    @Test func theTemplateReadsBackAsAnEmptyImport() async throws {
        try await withTestApp { app in
            let token = try await app.token("county.410902")
            var template = Data()
            try await app.testing().test(.GET, "/api/v1/elders/import/template", headers: .bearer(token)) { res in
                #expect(res.status == .ok)
                template = Data(buffer: res.body)
            }
            try await post(
                app, token, query: "", body: Array(template),
                contentType: HTTPMediaType(type: "application", subType: "octet-stream")
            ) { res in
                let r = try res.content.decode(Report.self)
                #expect(r.new == 0 && r.rejected == 0)
            }
        }
    }
}
