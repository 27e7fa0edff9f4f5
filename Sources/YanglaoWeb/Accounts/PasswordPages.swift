import Vapor
import YanglaoCore
import YanglaoStore

/// `/account/password`: the signed-in account chooses its own password — at first sign-in
/// when its password was handed out, and whenever it wants to.
struct PasswordPages {
    static let path = "/account/password"

    struct Body: Encodable {
        let required: Bool
        let error: String?
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("account", "password", use: form)
        routes.post("account", "password", use: change)
    }

    func form(req: Request) async throws -> Response {
        let required = try req.currentUser.user.mustChangePassword == true
        return try await Pages.render("accounts/password", title: req.t("password_title"), Body(required: required, error: nil), for: req)
    }

    func change(req: Request) async throws -> Response {
        // The three password fields, nothing else: read as plain text fields.
        let form = try req.content.decode([String: String].self)
        do {
            guard form["password"] == form["confirm"] else { throw AppError(.invalidInput, "password_confirm_mismatch", field: "confirm") }
            let user = try await req.accounts.changeOwnPassword(current: form["current"] ?? "", to: form["password"] ?? "")
            // The change ends every session of the account; this one carries on, signed in afresh.
            SessionUserAuthenticator.signIn(user, on: req)
            Pages.flash(req, "flash_password_changed")
            return req.redirect(to: "/")
        } catch let error as AppError where error.kind == .invalidInput {
            let required = try req.currentUser.user.mustChangePassword == true
            let body = Body(required: required, error: req.t("error.\(error.code)", error.arguments))
            return try await Pages.render("accounts/password", title: req.t("password_title"), body, for: req, status: .badRequest)
        }
    }
}
