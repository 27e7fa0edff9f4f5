import Vapor
import YanglaoCore
import YanglaoStore

/// Headers every response carries: a strict CSP (no inline script or style), no framing,
/// no MIME sniffing, no referrer leaks.
struct SecurityHeaders: AsyncMiddleware {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        // Every redirect the platform answers stays on this site and carries no control characters.
        if let location = response.headers.first(name: .location), !LocalRedirect.isSafe(location) {
            response.headers.replaceOrAdd(name: .location, value: "/")
        }
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(self)")
        // Pages and API answers carry personal data (full ID numbers on a person's record):
        // no browser or proxy may keep them.
        if (request.wantsHTML || request.url.path.hasPrefix("/api/")) && response.headers.first(name: .cacheControl) == nil {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}

/// 跨站请求伪造防护: every console form carries the session's token in `_csrf`; a POST
/// without the right one is refused.
enum CSRF {
    static let sessionKey = "csrf"
    static let fieldName = "_csrf"

    static func newToken() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
    }

    /// The session's token, created on first use (the login page needs one before sign-in).
    static func token(for request: Request) -> String {
        if let existing = request.session.data[sessionKey] { return existing }
        let token = newToken()
        request.session.data[sessionKey] = token
        return token
    }

    struct Check: AsyncMiddleware {
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            if request.method == .POST {
                // The token is in the body: collect a streamed body first. Signed-in people may
                // send uploads as big as an import file; anyone else gets the default limit.
                if request.body.data == nil {
                    let limit = request.auth.has(CurrentUser.self) ? ImportFile.maxBytes : 1 << 20
                    _ = try await request.body.collect(max: limit).get()
                }
                struct Form: Decodable { let _csrf: String? }
                let sent = (try? request.content.decode(Form.self))?._csrf
                guard let expected = request.session.data[CSRF.sessionKey], let sent, ConstantTime.equal(sent, expected)
                else { throw AppError(.forbidden, "csrf_failed") }
            }
            return try await next.respond(to: request)
        }
    }
}

/// Comparing secrets (CSRF tokens, the metrics token) without leaking by timing how much of a guess was right.
enum ConstantTime {
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
