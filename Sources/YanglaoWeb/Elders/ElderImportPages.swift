import Vapor
import YanglaoCore
import YanglaoStore

/// The console's import wizard: upload → preview with every problem → commit (in the
/// background, with progress) → result. `/elders/import…`.
struct ElderImportPages {
    func boot(_ routes: any RoutesBuilder) {
        let imports = routes.grouped("elders", "import")
        imports.get(use: start)
        imports.on(.POST, body: .collect(maxSize: ByteCount(value: ImportFile.maxBytes)), use: upload)
        imports.get("template.xlsx", use: { req in try await template(req, "xlsx") })
        imports.get("template.csv", use: { req in try await template(req, "csv") })
        imports.get(":upload", use: status)
        imports.get(":upload", "problems.xlsx", use: { req in try await problems(req, "xlsx") })
        imports.get(":upload", "problems.csv", use: { req in try await problems(req, "csv") })
        imports.post(":upload", "commit", use: commit)
    }

    struct Body: Encodable {
        let step: String
        let id: String
        let fileName: String
        let rows: Int
        let counts: [Stat]
        let problems: [ImportProblemRow]
        let moreProblems: Int
        let warnings: [ImportProblemRow]
        let ignored: String
        let canCommit: Bool
        let percent: Int
        let progressText: String
        let refresh: Bool
        let failure: String?
    }

    struct Stat: Encodable {
        let label: String
        let value: Int
    }

    static let shownProblems = 200

    func uploads(_ req: Request) throws -> ImportUploads {
        let service = try req.elders
        try service.requireEdit()
        return ImportUploads(service: service)
    }

    func uploadID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("upload").flatMap(UUID.init(uuidString:)) else { throw AppError(.notFound, "import_not_found") }
        return id
    }

    func page(_ req: Request, step: String, upload: ImportUploadModel? = nil, report: ElderImporter.Report? = nil, status: HTTPResponseStatus = .ok)
        async throws -> Response
    {
        func rows(_ list: [ImportProblem]) -> [ImportProblemRow] {
            list.prefix(Self.shownProblems).map {
                ImportProblemRow($0, req: req)
            }
        }
        var counts: [Stat] = []
        if let r = report {
            counts = [
                Stat(label: req.t("import_new"), value: r.new), Stat(label: req.t("import_updated"), value: r.updated),
                Stat(label: req.t("import_unchanged"), value: r.unchanged), Stat(label: req.t("import_rejected"), value: r.rejected),
            ]
        } else if let outcome = upload?.outcome?.split(separator: " ").compactMap({ Int($0) }), outcome.count == 4 {
            counts = zip(["import_new", "import_updated", "import_unchanged", "import_rejected"], outcome).map { Stat(label: req.t($0), value: $1) }
        }
        let done = upload?.done ?? 0
        let total = upload?.total ?? 0
        let body = Body(
            step: step, id: upload?.id?.uuidString ?? "", fileName: upload?.fileName ?? "", rows: upload?.rows ?? 0, counts: counts,
            problems: rows(report?.problems ?? []), moreProblems: max(0, (report?.problems.count ?? 0) - Self.shownProblems),
            warnings: rows(report?.warnings ?? []), ignored: (report?.ignoredHeaders ?? []).joined(separator: "、"),
            canCommit: (report.map { $0.new + $0.updated } ?? 0) > 0,
            percent: total == 0 ? 0 : 100 * done / total,
            progressText: req.t("import_progress", ["done": String(done), "total": String(total)]),
            refresh: upload?.statusValue == .running,
            failure: upload?.failure.map { req.t("error.\($0)") })
        return try await Pages.render("register/elder-import", title: req.t("import_title"), body, for: req, status: status)
    }

    func start(req: Request) async throws -> Response {
        _ = try uploads(req)
        return try await page(req, step: "upload")
    }

    func upload(req: Request) async throws -> Response {
        let uploads = try uploads(req)
        do {
            let (bytes, fileName) = try req.uploadedFile()
            let sheet = try ImportFile.sheet(from: bytes)
            let report = try await ElderImporter(service: uploads.service).run(sheet, fileName: fileName, commit: false)
            let kept = try await uploads.keep(bytes, fileName: fileName, rows: sheet.rows.count)
            return try await page(req, step: "preview", upload: kept, report: report)
        } catch let error as AppError where error.kind == .invalidInput {
            Pages.flash(req, "error.\(error.code)", error.arguments, error: true)
            return req.redirect(to: "/elders/import")
        }
    }

    /// The preview again (from the kept file), the running commit, or its result.
    func status(req: Request) async throws -> Response {
        let uploads = try uploads(req)
        let upload = try await uploads.find(try uploadID(req))
        switch upload.statusValue {
        case .previewed:
            let report = try await ElderImporter(service: uploads.service).run(
                try uploads.sheet(of: upload), fileName: upload.fileName, commit: false)
            return try await page(req, step: "preview", upload: upload, report: report)
        case .running: return try await page(req, step: "running", upload: upload)
        case .done, .failed: return try await page(req, step: "result", upload: upload)
        }
    }

    func commit(req: Request) async throws -> Response {
        let uploads = try uploads(req)
        let upload = try await uploads.find(try uploadID(req))
        try await uploads.start(upload)
        // The commit outlives the request; the status page follows its progress.
        Task { await uploads.run(upload) }
        return req.redirect(to: "/elders/import/\(upload.id!.uuidString)")
    }

    func problems(_ req: Request, _ format: String) async throws -> Response {
        let uploads = try uploads(req)
        let upload = try await uploads.find(try uploadID(req))
        let report = try await ElderImporter(service: uploads.service).run(try uploads.sheet(of: upload), fileName: upload.fileName, commit: false)
        return try Downloads.table(ImportFile.problemTable(report) { req.t("error.\($0.code)", $0.arguments) }, name: "导入问题清单", format: format)
    }

    func template(_ req: Request, _ format: String) async throws -> Response {
        _ = try uploads(req)
        return try Downloads.table(ImportFile.templateTable, name: "老年人信息导入模板", format: format)
    }
}
