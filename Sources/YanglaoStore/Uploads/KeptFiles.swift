import Fluent
import Foundation
import YanglaoCore

/// Files a console page checks first and writes after the user confirms (the register's
/// import, region and account files): kept sealed in `import_uploads` between the preview and
/// the commit, visible to their uploader only, emptied once written.
public struct KeptFiles: Sendable {
    public let context: StoreContext

    public init(_ context: StoreContext) {
        self.context = context
    }

    public func keep(_ bytes: [UInt8], fileName: String, rows: Int) async throws -> ImportUploadModel {
        guard let userID = context.actor.userID else { throw AppError(.forbidden, "forbidden") }
        let upload = ImportUploadModel()
        upload.userID = userID
        upload.fileName = String(fileName.prefix(200))
        upload.content = try context.protection.seal(Data(bytes))
        upload.status = ImportUploadModel.Status.previewed.rawValue
        upload.rows = rows
        upload.done = 0
        upload.total = 0
        try await upload.create(on: context.database)
        return upload
    }

    public func find(_ id: UUID) async throws -> ImportUploadModel {
        guard let userID = context.actor.userID,
            let upload = try await ImportUploadModel.query(on: context.database).filter(\.$id == id).filter(\.$userID == userID).first()
        else { throw AppError(.notFound, "import_not_found") }
        return upload
    }

    /// The kept bytes; a file already written has none.
    public func bytes(of upload: ImportUploadModel) throws -> [UInt8] {
        guard let content = upload.content else { throw AppError(.conflict, "import_already_run") }
        return Array(try context.protection.openData(content))
    }

    /// Marks the file written (or failed) and forgets its content.
    public func finish(_ upload: ImportUploadModel, outcome: String?, failure: String? = nil) async throws {
        upload.status = (failure == nil ? ImportUploadModel.Status.done : .failed).rawValue
        upload.outcome = outcome
        upload.failure = failure
        upload.content = nil
        try await upload.update(on: context.database)
    }
}
