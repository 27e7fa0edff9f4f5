import Vapor
import YanglaoCore

extension Request {
    /// The file of an upload: the `file` part of a multipart form (a console page), or the
    /// whole body (the API). An empty or malformed upload is the client's mistake, a 400.
    func uploadedFile() throws -> (bytes: [UInt8], name: String) {
        if headers.contentType?.type == "multipart" {
            struct Form: Content { let file: File? }
            let form: Form
            // MultipartKit's parser error is private, so every failure here is a 400.
            do { form = try content.decode(Form.self) } catch {
                throw AppError(.invalidInput, "multipart_invalid", field: "file")
            }
            guard let file = form.file, file.data.readableBytes > 0 else {
                throw AppError(.invalidInput, "import_file_empty", field: "file")
            }
            return (Array(buffer: file.data), file.filename)
        }
        guard let body = body.data, body.readableBytes > 0 else {
            throw AppError(.invalidInput, "import_file_empty", field: "file")
        }
        return (Array(buffer: body), "upload")
    }
}
