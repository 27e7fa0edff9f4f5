import Vapor
import YanglaoCore
import YanglaoStore

/// `/admin/users/import`: a system administrator uploads a file of accounts, sees every
/// problem or the accounts it would create, and confirms; the new accounts' one-time
/// passwords are shown once, on the result page, to be handed out.
struct UserImportPages {
    struct Account: Encodable {
        let username: String
        let name: String
        let role: String
        let region: String
        let password: String
    }

    struct Body: Encodable {
        let step: String
        let id: String
        let fileName: String
        let rows: Int
        let new: Int
        let unchanged: Int
        let problems: [ImportProblemRow]
        let accounts: [Account]
        let canCommit: Bool
    }

    func boot(_ routes: any RoutesBuilder) {
        let imports = routes.grouped("admin", "users", "import")
        imports.get(use: start)
        imports.on(.POST, body: .collect(maxSize: ByteCount(value: ImportFile.maxBytes)), use: upload)
        imports.post(":upload", "commit", use: commit)
    }

    func importer(_ req: Request) throws -> AccountImporter {
        let context = try req.context
        guard context.actor.role.canManageUsers else { throw AppError(.forbidden, "admin_only") }
        let names = Dictionary(Role.allCases.map { (req.t("role_\($0.rawValue)"), $0) }, uniquingKeysWith: { a, _ in a })
        return AccountImporter(context, hasher: req.hasher, roleNames: names)
    }

    func start(req: Request) async throws -> Response {
        _ = try importer(req)
        return try await render(
            req, Body(step: "upload", id: "", fileName: "", rows: 0, new: 0, unchanged: 0, problems: [], accounts: [], canCommit: false))
    }

    func upload(req: Request) async throws -> Response {
        let importer = try importer(req)
        do {
            let (bytes, fileName) = try req.uploadedFile()
            let report = try await importer.run(try ImportFile.table(from: bytes), commit: false)
            let kept = try await KeptFiles(importer.context).keep(bytes, fileName: fileName, rows: report.rows)
            return try await render(req, body(req, "preview", report, upload: kept))
        } catch let error as AppError where error.kind == .invalidInput {
            Pages.flash(req, "error.\(error.code)", error.arguments, error: true)
            return req.redirect(to: "/admin/users/import")
        }
    }

    func commit(req: Request) async throws -> Response {
        let importer = try importer(req)
        guard let id = req.parameters.get("upload").flatMap(UUID.init(uuidString:)) else { throw AppError(.notFound, "import_not_found") }
        let files = KeptFiles(importer.context)
        let upload = try await files.find(id)
        let report = try await importer.run(try ImportFile.table(from: try files.bytes(of: upload)), commit: true)
        guard report.committed else { return try await render(req, body(req, "preview", report, upload: upload), status: .conflict) }
        try await files.finish(upload, outcome: "\(report.created.count) \(report.unchanged)")
        // Shown this once: the passwords are nowhere else in clear.
        return try await render(req, body(req, "result", report, upload: upload))
    }

    func body(_ req: Request, _ step: String, _ r: AccountImporter.Report, upload: ImportUploadModel) -> Body {
        Body(
            step: step, id: upload.id?.uuidString ?? "", fileName: upload.fileName, rows: r.rows, new: r.created.count, unchanged: r.unchanged,
            problems: r.problems.prefix(200).map { ImportProblemRow($0, req: req) },
            accounts: r.created.map {
                Account(
                    username: $0.username, name: $0.name, role: req.t("role_\($0.role.rawValue)"), region: $0.region.value,
                    password: step == "result" ? $0.password : "")
            },
            canCommit: r.problems.isEmpty && !r.created.isEmpty)
    }

    func render(_ req: Request, _ body: Body, status: HTTPResponseStatus = .ok) async throws -> Response {
        try await Pages.render("accounts/user-import", title: req.t("user_import_title"), body, for: req, status: status)
    }
}
