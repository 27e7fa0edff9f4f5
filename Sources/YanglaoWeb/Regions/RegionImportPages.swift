import Vapor
import YanglaoCore
import YanglaoStore

/// `/regions/import`: a system administrator uploads a file of division codes, sees what it
/// adds, renames, retires and no longer lists and every problem, and confirms to write it.
struct RegionImportPages {
    struct Line: Encodable {
        let code: String
        let text: String
    }

    struct Body: Encodable {
        let step: String
        let id: String
        let fileName: String
        let rows: Int
        let counts: [RegionPages.Stat]
        let added: [Line]
        let changed: [Line]
        let retired: [Line]
        let unlisted: [Line]
        let problems: [ImportProblemRow]
        let canCommit: Bool
    }

    static let shown = 200

    func boot(_ routes: any RoutesBuilder) {
        let imports = routes.grouped("regions", "import")
        imports.get(use: start)
        imports.on(.POST, body: .collect(maxSize: ByteCount(value: ImportFile.maxBytes)), use: upload)
        imports.post(":upload", "commit", use: commit)
    }

    func context(_ req: Request) throws -> StoreContext {
        let context = try req.context
        guard context.actor.role.canManageRegions else { throw AppError(.forbidden, "region_import_forbidden") }
        return context
    }

    func start(req: Request) async throws -> Response {
        _ = try context(req)
        return try await render(
            req,
            Body(
                step: "upload", id: "", fileName: "", rows: 0, counts: [], added: [], changed: [], retired: [], unlisted: [], problems: [],
                canCommit: false))
    }

    func upload(req: Request) async throws -> Response {
        let context = try context(req)
        do {
            let (bytes, fileName) = try req.uploadedFile()
            let table = try ImportFile.table(from: bytes)
            let report = try await RegionImporter(context).run(table, commit: false)
            let kept = try await KeptFiles(context).keep(bytes, fileName: fileName, rows: report.rows)
            return try await render(req, preview(req, report, upload: kept))
        } catch let error as AppError where error.kind == .invalidInput {
            Pages.flash(req, "error.\(error.code)", error.arguments, error: true)
            return req.redirect(to: "/regions/import")
        }
    }

    func commit(req: Request) async throws -> Response {
        let context = try context(req)
        guard let id = req.parameters.get("upload").flatMap(UUID.init(uuidString:)) else { throw AppError(.notFound, "import_not_found") }
        let files = KeptFiles(context)
        let upload = try await files.find(id)
        let report = try await RegionImporter(context).run(try ImportFile.table(from: try files.bytes(of: upload)), commit: true)
        guard report.committed else {
            // The tree changed since the preview: show the file as it checks now.
            return try await render(req, preview(req, report, upload: upload), status: .conflict)
        }
        try await files.finish(upload, outcome: "\(report.added.count) \(report.changed.count) \(report.retired.count)")
        Pages.flash(
            req, "flash_regions_imported",
            ["added": String(report.added.count), "changed": String(report.changed.count), "retired": String(report.retired.count)])
        return req.redirect(to: "/regions/\(try req.currentUser.user.regionCode)")
    }

    func preview(_ req: Request, _ r: RegionImporter.Report, upload: ImportUploadModel) -> Body {
        func lines<T>(_ list: [T], _ line: (T) -> Line) -> [Line] { list.prefix(Self.shown).map(line) }
        let counts = [
            ("region_import_added", r.added.count), ("region_import_changed", r.changed.count), ("region_import_retired", r.retired.count),
            ("region_import_unchanged", r.unchanged), ("region_import_unlisted", r.unlisted.count), ("region_import_problems", r.problems.count),
        ].map { RegionPages.Stat(label: req.t($0.0), value: $0.1) }
        return Body(
            step: "preview", id: upload.id?.uuidString ?? "", fileName: upload.fileName, rows: r.rows, counts: counts,
            added: lines(r.added) { Line(code: $0.code.value, text: $0.name) },
            changed: lines(r.changed) { Line(code: $0.code.value, text: "\($0.was ?? "") → \($0.name)") },
            retired: lines(r.retired) { Line(code: $0.code.value, text: req.t("region_import_merged_into", ["code": $0.successor.value])) },
            unlisted: lines(r.unlisted) { Line(code: $0.id ?? "", text: $0.name) },
            problems: r.problems.prefix(Self.shown).map { ImportProblemRow($0, req: req) },
            canCommit: r.problems.isEmpty && !(r.added.isEmpty && r.changed.isEmpty && r.retired.isEmpty))
    }

    func render(_ req: Request, _ body: Body, status: HTTPResponseStatus = .ok) async throws -> Response {
        try await Pages.render("regions/import", title: req.t("region_import_title"), body, for: req, status: status)
    }
}
