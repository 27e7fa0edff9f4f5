import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoTestSupport

@testable import YanglaoWeb

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
                let path =
                    "/"
                    + route.path.map { component -> String in
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

    /// Each module's part documents exactly the API routes that module boots, so a domain's
    /// routes and its part of the document change together.
    @Test func eachDomainsPartDocumentsTheRoutesItsModuleBoots() throws {
        let directory = WebResources.directory.appendingPathComponent("OpenAPI")
        for module in Domains.all {
            let routes = Routes()
            let api = routes.grouped("api", "v1")
            try module.boot(DomainRoutes(publicAPI: api, api: api, publicPages: routes, pages: routes))
            let booted = Set(
                routes.all.map { route in
                    "\(route.method.rawValue) /"
                        + route.path.map { component -> String in
                            if case .parameter(let name) = component { return "{\(name)}" }
                            return component.description
                        }.joined(separator: "/")
                }.filter { Self.isAPIRoute(String($0.split(separator: " ")[1])) })
            // A module without an API has no part; then it may boot no API route either.
            let file = directory.appendingPathComponent("\(module.name).json")
            let data = FileManager.default.fileExists(atPath: file.path) ? try Data(contentsOf: file) : Data("{}".utf8)
            let part = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            var documented = Set<String>()
            for (path, operations) in part["paths"] as? [String: [String: Any]] ?? [:] {
                for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            #expect(
                booted == documented,
                "\(module.name): booted but not in its part \(booted.subtracting(documented).sorted()), in its part but not booted \(documented.subtracting(booted).sorted())"
            )
        }
    }

    @Test func aPartThatRedefinesAnOperationOrReferencesNothingIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func write(_ name: String, _ json: String) throws { try Data(json.utf8).write(to: directory.appendingPathComponent("\(name).json")) }
        try write("platform", ##"{"openapi":"3.1.0","paths":{"/a":{"get":{}}},"components":{"schemas":{"Error":{}}}}"##)
        try write("one", ##"{"paths":{"/a":{"post":{"responses":{"400":{"$ref":"#/components/schemas/Error"}}}}}}"##)
        try write("twice", ##"{"paths":{"/a":{"get":{}}}}"##)
        try write("dangling", ##"{"paths":{"/b":{"get":{"$ref":"#/components/schemas/Nowhere"}}}}"##)
        let merged = try OpenAPIDocument.assemble(from: directory, parts: ["one"])
        #expect(((merged["paths"] as? [String: [String: Any]])?["/a"]?.keys.sorted()) == ["get", "post"])
        #expect(throws: OpenAPIDocument.AssemblyError.self) { try OpenAPIDocument.assemble(from: directory, parts: ["one", "twice"]) }
        #expect(throws: OpenAPIDocument.AssemblyError.self) { try OpenAPIDocument.assemble(from: directory, parts: ["dangling"]) }
    }

    /// Configuration documents: the GET answers the body its PUT takes, whole, not a list to page.
    static let documentsNotLists: Set<String> = ["/api/v1/subsidy-schemes"]
    /// One record whose `items` are its own parts: the scale's 26 questions, a service list's entries.
    static let recordsWithItems: Set<String> = [
        "/api/v1/assessments/scale", "/api/v1/service-lists/in-force", "/api/v1/service-lists/{list}", "/api/v1/catalogue",
    ]

    /// Every GET that answers a list pages it and says how long it is (issue 20): no bare
    /// arrays, and every `items` comes with `page`, `per` and `total` — and takes `page` and `per`.
    @Test func everyListTheAPIAnswersIsAPageWithItsTotal() throws {
        let document = try OpenAPIDocument.assemble(from: WebResources.directory.appendingPathComponent("OpenAPI"), parts: Domains.all.map(\.name))
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]] ?? [:]
        func resolved(_ schema: [String: Any]) -> [String: Any] {
            guard let ref = schema["$ref"] as? String else { return schema }
            return schemas[String(ref.split(separator: "/").last ?? "")] ?? [:]
        }
        var lists = 0
        for (path, operations) in document["paths"] as? [String: [String: Any]] ?? [:] where !Self.documentsNotLists.contains(path) {
            guard let get = operations["get"] as? [String: Any],
                let ok = (get["responses"] as? [String: Any])?["200"] as? [String: Any],
                let json = (ok["content"] as? [String: Any])?["application/json"] as? [String: Any],
                let schema = json["schema"] as? [String: Any]
            else { continue }
            let answer = resolved(schema)
            #expect(answer["type"] as? String != "array", "GET \(path) answers a bare array")
            let properties = answer["properties"] as? [String: Any] ?? [:]
            guard let items = properties["items"] as? [String: Any], items["type"] as? String == "array" else { continue }
            if Self.recordsWithItems.contains(path) { continue }
            lists += 1
            #expect(["page", "per", "total"].allSatisfy { properties[$0] != nil }, "GET \(path) answers items without page, per and total")
            let parameters = (get["parameters"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(parameters.contains("page") && parameters.contains("per"), "GET \(path) takes no page and per")
        }
        #expect(lists >= 20)
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
