import Fluent
import Foundation
import YanglaoCore

/// A file uploaded in the console's import wizard, kept sealed between the preview and the
/// commit, and the progress and outcome of that commit. Only its uploader sees it.
public final class ImportUploadModel: Model, @unchecked Sendable {
    public static let schema = "import_uploads"

    public enum Status: String, Sendable { case previewed, running, done, failed }

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "file_name") public var fileName: String
    /// The file, AES-GCM sealed; cleared once the commit has run.
    @OptionalField(key: "content") public var content: String?
    @Field(key: "status") public var status: String
    @Field(key: "rows") public var rows: Int
    @Field(key: "done") public var done: Int
    @Field(key: "total") public var total: Int
    /// Counts after the run: "new updated unchanged rejected".
    @OptionalField(key: "outcome") public var outcome: String?
    @OptionalField(key: "failure") public var failure: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var statusValue: Status { Status(rawValue: status) ?? .failed }
}

struct CreateImportUploads: TableMigration {
    let tables = [ImportUploadModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(ImportUploadModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("content", .string)
            .field("status", .string, .required)
            .field("rows", .int, .required)
            .field("done", .int, .required)
            .field("total", .int, .required)
            .field("outcome", .string)
            .field("failure", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }
}

/// The wizard's steps at the database: keep an upload, find it again (only for its
/// uploader), and run its commit while recording progress.
public struct ImportUploads: Sendable {
    public let service: ElderService

    public init(service: ElderService) { self.service = service }

    var kept: KeptFiles { KeptFiles(service.context) }

    public func keep(_ bytes: [UInt8], fileName: String, rows: Int) async throws -> ImportUploadModel {
        try await kept.keep(bytes, fileName: fileName, rows: rows)
    }

    public func find(_ id: UUID) async throws -> ImportUploadModel { try await kept.find(id) }

    public func sheet(of upload: ImportUploadModel) throws -> ElderImportSheet {
        try ImportFile.sheet(from: try kept.bytes(of: upload))
    }

    /// Marks the upload running, then commits it, writing progress as batches land.
    /// Call `start` in the request and `run` in the background.
    public func start(_ upload: ImportUploadModel) async throws {
        guard upload.statusValue == .previewed, upload.content != nil else { throw AppError(.conflict, "import_already_run") }
        upload.status = ImportUploadModel.Status.running.rawValue
        try await upload.update(on: service.scoped.database)
    }

    public func run(_ upload: ImportUploadModel) async {
        let db = service.scoped.database
        do {
            let sheet = try sheet(of: upload)
            let id = try upload.requireID()
            let report = try await ElderImporter(service: service).run(sheet, fileName: upload.fileName, commit: true) { done, total in
                // Progress is best effort: a lost update only makes the bar lag.
                Task { try? await ImportUploadModel.query(on: db).filter(\.$id == id).set(\.$done, to: done).set(\.$total, to: total).update() }
            }
            upload.outcome = "\(report.new) \(report.updated) \(report.unchanged) \(report.rejected)"
            upload.done = report.new + report.updated
            upload.total = report.new + report.updated
            upload.status = ImportUploadModel.Status.done.rawValue
        } catch {
            upload.status = ImportUploadModel.Status.failed.rawValue
            upload.failure = String("\((error as? AppError)?.code ?? String(describing: error))".prefix(500))
        }
        upload.content = nil
        try? await upload.update(on: db)
    }
}
