import Vapor
import YanglaoCore
import YanglaoStore

/// `/login` and `/logout` for the console: a username and password, or a phone number and
/// a code sent to it (`/login/code`, `/login/phone`), which is how elders and families sign in.
struct LoginPages {
    struct Body: Encodable {
        var username = ""
        let next: String
        var error: String?
        var phone = ""
        /// A code was asked for: the page asks for it next.
        var codeSent = false
        var phoneError: String?
    }

    func boot(public routes: any RoutesBuilder) {
        routes.get("login", use: form)
        routes.post("login", use: submit)
        routes.post("login", "code", use: requestCode)
        routes.post("login", "phone", use: phoneSubmit)
        routes.post("logout", use: logout)
    }

    func form(req: Request) async throws -> Response {
        if req.auth.has(CurrentUser.self) { return req.redirect(to: "/") }
        let next = LocalRedirect.path(try? req.query.get(String.self, at: "next"))
        return try await Pages.render("accounts/login", title: req.t("login_title"), Body(next: next), for: req)
    }

    struct PhoneForm: Decodable {
        let phone: String?
        let code: String?
        let next: String?
    }

    func requestCode(req: Request) async throws -> Response {
        let form = try req.content.decode(PhoneForm.self)
        var body = Body(next: LocalRedirect.path(form.next), phone: form.phone ?? "")
        do {
            try await req.sendLoginCode(to: form.phone ?? "")
            body.codeSent = true
            return try await Pages.render("accounts/login", title: req.t("login_title"), body, for: req)
        } catch let error as AppError {
            // Throttled: the code sent a moment ago is still good, so the page still asks for it.
            if error.code == "login_code_throttled" { body.codeSent = true }
            return try await phoneFailure(error, body, req)
        }
    }

    func phoneSubmit(req: Request) async throws -> Response {
        let form = try req.content.decode(PhoneForm.self)
        let next = LocalRedirect.path(form.next)
        do {
            let user = try await req.phoneLogin.verify(
                phone: form.phone ?? "", code: form.code ?? "", address: req.clientAddress)
            try await signIn(user, req)
            return req.redirect(to: next)
        } catch let error as AppError {
            return try await phoneFailure(error, Body(next: next, phone: form.phone ?? "", codeSent: true), req)
        }
    }

    private func phoneFailure(_ error: AppError, _ body: Body, _ req: Request) async throws -> Response {
        var body = body
        body.phoneError = req.t("error.\(error.code)", error.arguments)
        let response = try await Pages.render("accounts/login", title: req.t("login_title"), body, for: req, status: error.status)
        for (name, value) in error.headers { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }

    /// A new session id at sign-in, so a session id planted before login is useless after.
    private func signIn(_ user: UserModel, _ req: Request) async throws {
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
            req.session.id = nil
        }
        SessionUserAuthenticator.signIn(user, on: req)
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
            try await signIn(user, req)
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

extension Request {
    var phoneLogin: PhoneLogin { PhoneLogin(database: db, protection: application.dataProtection) }

    /// Queues a sign-in code for the phone (if an account has it) and sends it at once.
    func sendLoginCode(to phone: String) async throws {
        try await phoneLogin.requestCode(phone: phone, address: clientAddress)
        let outbox = application.notificationOutbox
        Task { await outbox.kick() }
    }
}
