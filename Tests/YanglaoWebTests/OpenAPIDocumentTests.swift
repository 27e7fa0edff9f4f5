import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoTestSupport

/// The OpenAPI document and the routes must describe the same API.
@Suite struct OpenAPIDocumentTests {
    /// Machine routes: the JSON API and the operational endpoints. Console pages are HTML and not part of the API.
    static func isAPIRoute(_ path: String) -> Bool {
        path.hasPrefix("/api/") || path.hasPrefix("/health") || path == "/metrics" || path == "/openapi.json"
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        try await withTestApp(demo: false) { app in
            var served = Set<String>()
            for route in app.routes.all {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                if Self.isAPIRoute(path) { served.insert("\(route.method.rawValue) \(path)") }
            }
            var documented = Set<String>()
            try await app.testing().test(.GET, "/openapi.json") { res in
                #expect(res.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView)) as? [String: Any]
                #expect(json?["openapi"] as? String == "3.1.0")
                let paths = json?["paths"] as? [String: [String: Any]] ?? [:]
                for (path, ops) in paths {
                    for method in ops.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                        documented.insert("\(method.uppercased()) \(path)")
                    }
                }
            }
            #expect(served.subtracting(documented).isEmpty, "routes missing from the document: \(served.subtracting(documented).sorted())")
            #expect(documented.subtracting(served).isEmpty, "documented routes that do not exist: \(documented.subtracting(served).sorted())")
            #expect(served.count >= 14)
        }
    }

    @Test func healthAndMetricsAnswer() async throws {
        try await withTestApp(demo: false) { app in
            try await app.testing().test(.GET, "/health") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("\"status\":\"ok\""))
            }
            try await app.testing().test(.GET, "/health/live") { res in #expect(res.body.string == "ok") }
            // /metrics answers a peer on this machine (no metrics token is configured here).
            try await app.testing(method: .running(port: 0)).test(.GET, "/metrics") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("http_requests_total"))
                #expect(res.body.string.contains("path=\"/health\""))
                #expect(res.body.string.contains("http_request_duration_seconds_bucket"))
            }
        }
    }
}
