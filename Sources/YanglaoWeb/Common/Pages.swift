import Vapor
import YanglaoCore
import YanglaoStore

/// What every console page gets: the strings of its locale, the signed-in account, the
/// navigation for its role, the CSRF token for its forms, and one flash message.
struct PageContext<Body: Encodable>: Encodable {
    struct NavItem: Encodable {
        let href: String
        let label: String
        let current: Bool
    }

    struct Badge: Encodable {
        let name: String
        let username: String
        let role: String
        let regionCode: String
    }

    let t: [String: String]
    let lang: String
    let switchLang: String
    let switchLabel: String
    let title: String
    let csrf: String
    let path: String
    let nav: [NavItem]
    let me: Badge?
    let flash: String?
    let flashError: String?
    let body: Body
}

struct Empty: Encodable {}

enum Pages {
    static let flashKey = "flash"
    static let flashErrorKey = "flash_error"

    static func render<Body: Encodable>(_ template: String, title: String, _ body: Body, for req: Request, status: HTTPResponseStatus = .ok)
        async throws -> Response
    {
        let locale = req.locale
        let catalogue = req.application.catalogue
        let current = req.auth.get(CurrentUser.self)?.user
        var nav: [PageContext<Body>.NavItem] = []
        let path = req.url.path
        if let current {
            nav = Navigation.entries(for: current).map {
                .init(href: $0.href, label: catalogue.text($0.label, locale), current: path.hasPrefix($0.section))
            }
        }
        // A live page reading itself afresh (live.js) leaves the flash to the page the person loads next.
        let shows = req.hasSession && req.headers.first(name: "X-Yanglao-Live") == nil
        let flash = shows ? req.session.data[flashKey] : nil
        let flashError = shows ? req.session.data[flashErrorKey] : nil
        if flash != nil { req.session.data[flashKey] = nil }
        if flashError != nil { req.session.data[flashErrorKey] = nil }
        let other: UILocale = locale == .zh ? .en : .zh
        let context = PageContext(
            t: catalogue.all(locale), lang: locale.htmlLang,
            switchLang: other.rawValue, switchLabel: catalogue.text("switch_language", locale),
            title: title, csrf: req.hasSession ? CSRF.token(for: req) : "", path: path, nav: nav,
            me: current.map {
                .init(
                    name: $0.displayName, username: $0.username,
                    role: catalogue.text("role_\($0.role)", locale), regionCode: $0.regionCode)
            },
            flash: flash, flashError: flashError, body: body)
        let view = try await req.view.render(template, context)
        let response = try await view.encodeResponse(status: status, for: req)
        return response
    }

    /// A same-site link with the non-empty query values, in a stable order.
    static func link(_ path: String, _ query: [String: String]) -> String {
        var comps = URLComponents()
        comps.path = path
        comps.queryItems = query.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return comps.string ?? path
    }

    /// A link among siblings (tabs, queues), marked when it is the page shown.
    struct NavLink: Encodable {
        let href: String
        let label: String
        let current: Bool
    }

    /// A choice of a filter's select box.
    struct Option: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    /// A sortable column header: its link sorts by the column, or reverses the order when it already does.
    struct SortLink: Encodable {
        let label: String
        let href: String
        let active: String?
    }

    /// Header links for `columns` (sort value, catalogue key) of a list at `path` with `query`.
    static func sortLinks(
        _ columns: [(sort: String, key: String)], current: String, descending: Bool,
        path: String, query: [String: String], req: Request
    ) -> [SortLink] {
        columns.map { column in
            let isActive = column.sort == current
            var q = query
            q["sort"] = column.sort
            q["order"] = isActive && !descending ? "desc" : "asc"
            return SortLink(label: req.t(column.key), href: link(path, q), active: isActive ? (descending ? "descending" : "ascending") : nil)
        }
    }

    /// Runs a form's change and gives its result. A refusal the person can act on — bad input
    /// or a conflict — is flashed as the error and gives nil, so the page comes back with the
    /// message; any other error goes on to the error page.
    @discardableResult
    static func attempt<T>(_ req: Request, _ change: () async throws -> T) async throws -> T? {
        do {
            return try await change()
        } catch let error as AppError where error.kind == .invalidInput || error.kind == .conflict {
            flash(req, "error.\(error.code)", error.arguments, error: true)
            return nil
        }
    }

    static func flash(_ req: Request, _ key: String, _ args: [String: String] = [:], error: Bool = false) {
        req.session.data[error ? flashErrorKey : flashKey] = req.t(key, args)
    }

    /// Page links for a list: first, previous, the numbers around the current page, next and
    /// last, and a box to jump to any page (a city's register runs to tens of thousands).
    struct Pager: Encodable {
        struct Link: Encodable {
            let label: String
            let href: String?
            let current: Bool
        }
        struct Field: Encodable {
            let name: String
            let value: String
        }
        let total: Int
        let links: [Link]
        let summary: String
        /// The jump box: the list's path, its other query fields, the page count; nil for one page.
        let jump: Jump?

        struct Jump: Encodable {
            let path: String
            let fields: [Field]
            let page: Int
            let pages: Int
        }

        init(request: ListPage, total: Int, baseQuery: [String: String], path: String, req: Request) {
            self.total = total
            let pages = request.pageCount(total: total)
            func href(_ page: Int) -> String {
                var query = baseQuery
                query["page"] = String(page)
                return Pages.link(path, query)
            }
            var links: [Link] = []
            if request.page > pages {
                // A stale bookmark or a narrowed filter: nothing here, so offer the way back.
                links.append(Link(label: req.t("page_back_to_last", ["page": String(pages)]), href: href(pages), current: false))
            } else if pages > 1 {
                links.append(Link(label: req.t("page_first"), href: request.page > 1 ? href(1) : nil, current: false))
                links.append(Link(label: req.t("page_previous"), href: request.page > 1 ? href(request.page - 1) : nil, current: false))
                for p in Self.window(around: request.page, pages: pages) {
                    links.append(Link(label: String(p), href: p == request.page ? nil : href(p), current: p == request.page))
                }
                links.append(Link(label: req.t("page_next"), href: request.page < pages ? href(request.page + 1) : nil, current: false))
                links.append(Link(label: req.t("page_last"), href: request.page < pages ? href(pages) : nil, current: false))
            }
            self.links = links
            jump =
                pages > 1
                ? Jump(
                    path: path,
                    fields: baseQuery.filter { $0.key != "page" && !$0.value.isEmpty }.sorted { $0.key < $1.key }
                        .map { Field(name: $0.key, value: $0.value) },
                    page: min(request.page, pages), pages: pages)
                : nil
            summary = req.t(
                request.page > pages ? "page_summary_beyond" : "page_summary",
                ["total": String(total), "page": String(request.page), "pages": String(pages)])
        }

        /// The page numbers shown around `page`: up to three either side, always inside `1...pages`.
        static func window(around page: Int, pages: Int) -> ClosedRange<Int> {
            let last = max(1, pages)
            let current = min(max(1, page), last)
            return max(1, current - 3)...min(last, current + 3)
        }
    }
}

extension Request {
    /// True when the sessions middleware ran for this request (console routes only).
    var hasSession: Bool { storage[SessionFlagKey.self] == true }
}

struct SessionFlagKey: StorageKey { typealias Value = Bool }

/// Marks console requests as having a session, so shared code knows it may use one.
struct MarkSession: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        request.storage[SessionFlagKey.self] = true
        return try await next.respond(to: request)
    }
}

enum ErrorPage {
    struct Body: Encodable {
        let status: Int
        let heading: String
        let message: String
        let requestId: String?
    }

    static func render(_ error: AppError, status: HTTPResponseStatus, for req: Request) async -> Response {
        let heading = req.t("error_heading_\(status.code)")
        let body = Body(
            status: Int(status.code), heading: heading == "error_heading_\(status.code)" ? req.t("error_heading_other") : heading,
            message: req.t("error.\(error.code)", error.arguments), requestId: error.kind == .internal ? req.id : nil)
        if error.kind == .unauthenticated && req.hasSession {
            return req.redirect(to: "/login")
        }
        do {
            let response = try await Pages.render("platform/error", title: body.heading, body, for: req, status: status)
            for (name, value) in error.headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        } catch {
            req.logger.error("error page failed: \(String(reflecting: error))")
            return Response(status: status, body: .init(string: "\(status.code) \(body.message)"))
        }
    }
}
