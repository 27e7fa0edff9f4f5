import Vapor
import YanglaoCore
import YanglaoStore

/// `POST /api/v1/elders/import` and the template: the register's bulk door.
struct ElderImportAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let elders = routes.grouped("elders")
        elders.on(.POST, "import", body: .collect(maxSize: ByteCount(value: ImportFile.maxBytes)), use: run)
        elders.get("import", "template", use: template)
    }

    struct ProblemDTO: Content {
        let row: Int
        let column: String
        let code: String
        let message: String
        let value: String
    }

    struct ReportDTO: Content {
        let committed: Bool
        let rows: Int
        let new: Int
        let updated: Int
        let unchanged: Int
        let rejected: Int
        let ignoredColumns: [String]
        let problems: [ProblemDTO]
        let warnings: [ProblemDTO]

        init(_ r: ElderImporter.Report, req: Request) {
            func dto(_ p: ImportProblem) -> ProblemDTO {
                ProblemDTO(
                    row: p.row, column: p.column, code: p.error.code, message: req.t("error.\(p.error.code)", p.error.arguments), value: p.value)
            }
            committed = r.committed
            rows = r.rows
            new = r.new
            updated = r.updated
            unchanged = r.unchanged
            rejected = r.rejected
            ignoredColumns = r.ignoredHeaders
            problems = r.problems.map(dto)
            warnings = r.warnings.map(dto)
        }
    }

    /// The file is the body itself (CSV or XLSX), or the `file` part of a multipart form.
    func run(req: Request) async throws -> Response {
        struct Q: Decodable {
            let commit: Bool?
            let format: String?
        }
        let q = try req.query.decode(Q.self)
        let format = q.format ?? "json"
        guard ["json", "csv", "xlsx"].contains(format) else { throw AppError(.invalidInput, "format_invalid", field: "format", ["value": format]) }
        let service = try req.elders
        try service.requireEdit()
        let file = try req.uploadedFile()
        let sheet = try ImportFile.sheet(from: file.bytes)
        let report = try await ElderImporter(service: service).run(sheet, fileName: file.name, commit: q.commit ?? false)
        switch format {
        case "json":
            let response = Response(status: .ok)
            try response.content.encode(ReportDTO(report, req: req))
            return response
        default:
            let table = ImportFile.problemTable(report) { req.t("error.\($0.code)", $0.arguments) }
            return try Downloads.table(table, name: "导入问题清单", format: format)
        }
    }

    func template(req: Request) async throws -> Response {
        let format = (try? req.query.get(String.self, at: "format")) ?? "xlsx"
        guard ["csv", "xlsx"].contains(format) else { throw AppError(.invalidInput, "format_invalid", field: "format", ["value": format]) }
        return try Downloads.table(ImportFile.templateTable, name: "老年人信息导入模板", format: format)
    }
}
