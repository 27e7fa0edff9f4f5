import Vapor
import YanglaoCore

/// One problem of an uploaded file as the import pages list it: row, column (as the file's
/// header writes it), the message in the page's language, and the cell's text.
struct ImportProblemRow: Encodable {
    let row: Int
    let column: String
    let message: String
    let value: String

    /// A problem of a person, region, population or account file.
    init(row: Int, column: String, error: AppError, value: String, req: Request) {
        self.row = row
        self.column = column
        self.message = req.t("error.\(error.code)", error.arguments)
        self.value = value
    }

    init(_ p: ImportProblem, req: Request) { self.init(row: p.row, column: p.column, error: p.error, value: p.value, req: req) }

    init(_ p: RegionFile.Problem, req: Request) { self.init(row: p.line, column: p.column, error: p.error, value: p.value, req: req) }
}
