import Vapor
import YanglaoCore
import YanglaoStore

/// The JSON body of every API error: `{"error":{"code":"…","message":"…"}}`, with
/// `details` listing every problem when a request has several.
struct ErrorBody: Content {
    struct Problem: Content {
        let code: String
        let message: String
        let field: String?
    }
    struct Detail: Content {
        let code: String
        let message: String
        let field: String?
        let details: [Problem]?
        /// For a server error: the id the server's log line carries, so support can find it.
        let requestId: String?
    }
    let error: Detail

    init(_ error: AppError, for req: Request) {
        let details = error.details.map { Problem(code: $0.code, message: req.t("error.\($0.code)", $0.arguments), field: $0.field) }
        self.error = Detail(
            code: error.code, message: req.t("error.\(error.code)", error.arguments), field: error.field,
            details: details.isEmpty ? nil : details, requestId: error.kind == .internal ? req.id : nil)
    }
}

extension AppError: AbortError {
    public var status: HTTPResponseStatus {
        switch kind {
        case .invalidInput: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .rateLimited: .tooManyRequests
        case .tooLarge: .payloadTooLarge
        case .unavailable: .serviceUnavailable
        case .internal: .internalServerError
        }
    }
    public var reason: String { code }
    public var headers: HTTPHeaders {
        if case .rateLimited(let seconds) = kind { return ["Retry-After": String(seconds)] }
        return [:]
    }
}

/// Turns any error into the shape the client expects: the JSON error body for the API and
/// machine endpoints, a rendered page for the console. Unknown errors become a 500 with no
/// detail leaked; they are logged.
struct ErrorResponder: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let app = translate(error, request)
            if app.kind == .internal {
                // At `error`, with the id the response body also carries (`requestId`).
                request.logger.error(
                    "server error on \(request.method) \(request.url.path): \(String(reflecting: error))",
                    metadata: ["request-id": .string(request.id)])
            }
            if request.wantsHTML {
                return await ErrorPage.render(app, status: app.status, for: request)
            }
            let response = Response(status: app.status, headers: app.headers)
            try response.content.encode(ErrorBody(app, for: request))
            return response
        }
    }

    func translate(_ error: any Error, _ req: Request) -> AppError {
        switch error {
        case let e as AppError: return e
        case let e as OutsideRegionScope: return AppError(.forbidden, "region_forbidden", ["code": e.requested.value])
        case let e as RegionQueryError:
            switch e {
            case .notFound(let code): return AppError(.notFound, "region_not_found", ["code": code.value])
            }
        case let e as DecodingError: return Self.decodingError(e)
        case is RouteNotFound: return AppError(.notFound, "route_not_found")
        case let e as any AbortError:
            switch e.status {
            case .notFound: return AppError(.notFound, "route_not_found")
            case .unsupportedMediaType: return AppError(.invalidInput, "unsupported_media_type")
            case .payloadTooLarge: return AppError(.tooLarge, "payload_too_large")
            case .unauthorized: return AppError(.unauthenticated, "unauthenticated")
            case .forbidden: return AppError(.forbidden, "forbidden")
            case .methodNotAllowed: return AppError(.notFound, "route_not_found")
            default:
                if e.status.code >= 400 && e.status.code < 500 { return AppError(.invalidInput, "bad_request", ["detail": e.reason]) }
                return AppError(.internal, "internal")
            }
        default:
            return AppError(.internal, "internal")
        }
    }

    static func decodingError(_ error: DecodingError) -> AppError {
        func path(_ ctx: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            let keys = ctx.codingPath + (key.map { [$0] } ?? [])
            return keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            let field = path(ctx, key)
            return AppError(.invalidInput, "field_missing", field: field, ["field": field])
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            let field = path(ctx)
            if field.isEmpty { return AppError(.invalidInput, "body_invalid") }
            return AppError(.invalidInput, "field_wrong_type", field: field, ["field": field])
        case .dataCorrupted(let ctx):
            let field = path(ctx)
            if field.isEmpty { return AppError(.invalidInput, "body_invalid") }
            return AppError(.invalidInput, "field_invalid", field: field, ["field": field])
        @unknown default:
            return AppError(.invalidInput, "body_invalid")
        }
    }
}

extension Request {
    /// Console pages get HTML errors; the API, health, metrics and OpenAPI get JSON.
    var wantsHTML: Bool {
        let path = url.path
        if path.hasPrefix("/api/") || path == "/api" || path.hasPrefix("/health") || path == "/metrics" || path == "/openapi.json" { return false }
        return true
    }
}
