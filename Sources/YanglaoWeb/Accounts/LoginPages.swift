import Vapor
import YanglaoCore
import YanglaoStore

/// `/login` and `/logout` for the console.
struct LoginPages {
    struct Body: Encodable {
        let username: String
        let next: String
        let error: String?
    }

    func boot(public routes: any RoutesBuilder) {
        routes.get("login", use: form)
        routes.post("login", use: submit)
        routes.post("logout", use: logout)
    }

    func form(req: Request) async throws -> Response {
        if req.auth.has(CurrentUser.self) { return req.redirect(to: "/") }
        let next = LocalRedirect.path(try? req.query.get(String.self, at: "next"))
        return try await Pages.render("accounts/login", title: req.t("login_title"), Body(username: "", next: next, error: nil), for: req)
    }

    func submit(req: Request) async throws -> Response {
        struct Form: Decodable {
            let username: String?
            let password: String?
            let next: String?
        }
        let form = try req.content.decode(Form.self)
        let next = LocalRedirect.path(form.next)
        let service = LoginService(database: req.db, hasher: req.hasher)
        do {
            let user = try await service.login(username: form.username ?? "", password: form.password ?? "", address: req.clientAddress)
            // A new session id at sign-in, so a session id planted before login is useless after.
            if let old = req.session.id {
                try await req.application.sessions.driver.deleteSession(old, for: req).get()
                req.session.id = nil
            }
            SessionUserAuthenticator.signIn(user, on: req)
            return req.redirect(to: next)
        } catch let error as AppError {
            let body = Body(username: form.username ?? "", next: next, error: req.t("error.\(error.code)", error.arguments))
            let response = try await Pages.render("accounts/login", title: req.t("login_title"), body, for: req, status: error.status)
            for (name, value) in error.headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
    }

    func logout(req: Request) async throws -> Response {
        req.session.destroy()
        req.auth.logout(CurrentUser.self)
        return req.redirect(to: "/login")
    }
}

/// `GET /lang/{locale}`: remembers the interface language in a cookie and goes back.
struct LocaleSwitch {
    func boot(_ routes: any RoutesBuilder) {
        routes.get("lang", ":locale", use: change)
    }

    func change(req: Request) -> Response {
        let locale = UILocale(rawValue: req.parameters.get("locale") ?? "") ?? .zh
        let back = LocalRedirect.path(try? req.query.get(String.self, at: "back"))
        let response = req.redirect(to: back)
        response.cookies[UILocale.cookieName] = HTTPCookies.Value(
            string: locale.rawValue, maxAge: 365 * 24 * 3600, path: "/", isSecure: req.application.yanglaoConfig.secureCookies,
            isHTTPOnly: true, sameSite: .lax)
        return response
    }
}
