import Vapor
import YanglaoStore

/// `/`: each account's start page — the one a domain claims for the account's daily work (a
/// worker's jobs, a family's people, a provider's desk), else the first entry of its navigation.
enum Home {
    static func redirect(req: Request) throws -> Response {
        let user = try req.currentUser.user
        let claimed = Domains.all.lazy.compactMap { $0.home(for: user) }.first
        return req.redirect(to: claimed ?? Navigation.entries(for: user).first?.href ?? "/login")
    }
}

/// The console's navigation bar: every domain's entries for the account, in their positions.
enum Navigation {
    static func entries(for user: UserModel) -> [NavEntry] {
        Domains.all.flatMap { $0.nav(for: user) }.sorted { $0.position < $1.position }
    }
}
