import Fluent
import Vapor
import YanglaoCore
import YanglaoStore

/// `/start`: the home of an account whose daily work has no domain of its own yet (an
/// institution's staff, a volunteer): who it is, what it can do today and where, and what
/// will open here.
struct StartPage {
    static let path = "/start"
    /// The roles that start here; a domain that brings their work claims their home instead.
    static let roles: Set<Role> = [.institutionStaff, .volunteer]

    struct Entry: Encodable {
        let href: String
        let label: String
        let description: String
    }

    struct Body: Encodable {
        let greeting: String
        let entries: [Entry]
        let upcoming: String
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("start", use: show)
    }

    func show(req: Request) async throws -> Response {
        let user = try req.currentUser.user
        let region = try await RegionModel.find(user.regionCode, on: req.db)?.name ?? user.regionCode
        let role = user.roleValue.rawValue
        let own = Navigation.entries(for: user).map { entry in
            let about = "start_about_\(entry.label)"
            let description = req.t(about)
            return Entry(href: entry.href, label: req.t(entry.label), description: description == about ? "" : description)
        }
        let common = [
            Entry(href: PasswordPages.path, label: req.t("password_title"), description: req.t("start_about_password")),
            Entry(href: "/service-list", label: req.t("start_service_list"), description: req.t("start_about_service_list")),
            Entry(href: "/statistics", label: req.t("footer_statistics"), description: req.t("start_about_statistics")),
        ]
        let body = Body(
            greeting: req.t("start_greeting", ["name": user.displayName, "region": region, "role": req.t("role_\(role)")]),
            entries: own + common, upcoming: req.t("start_upcoming_\(role)"))
        return try await Pages.render("accounts/start", title: req.t("start_title"), body, for: req)
    }
}
