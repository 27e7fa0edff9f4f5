import Foundation

/// The OpenAPI document `/openapi.json` serves, assembled from parts under `Resources/OpenAPI/`:
/// `platform.json` (the document's head, security, shared schemas and the system endpoints)
/// and one part per domain module that has an API, named after it, with its tags, paths and schemas. Two
/// parts may not both define an operation or a schema, and every `$ref` must resolve.
enum OpenAPIDocument {
    struct AssemblyError: Error, CustomStringConvertible {
        let description: String
    }

    static func assemble(from directory: URL, parts names: [String]) throws -> [String: Any] {
        var document = try part(directory, "platform")
        for name in names where FileManager.default.fileExists(atPath: directory.appendingPathComponent("\(name).json").path) {
            let part = try part(directory, name)
            document["tags"] = (document["tags"] as? [Any] ?? []) + (part["tags"] as? [Any] ?? [])
            document["paths"] = try merge(document["paths"], part["paths"], what: "path", in: name, depth: 2)
            document["components"] = try merge(document["components"], part["components"], what: "component", in: name, depth: 2)
        }
        try checkReferences(document)
        return document
    }

    static func data(from directory: URL, parts names: [String]) throws -> Data {
        try JSONSerialization.data(withJSONObject: assemble(from: directory, parts: names), options: [.sortedKeys, .withoutEscapingSlashes])
    }

    private static func part(_ directory: URL, _ name: String) throws -> [String: Any] {
        let url = directory.appendingPathComponent("\(name).json")
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw AssemblyError(description: "OpenAPI part \(name).json is not a JSON object")
        }
        return object
    }

    /// Merges two objects `depth` levels deep (paths → operations, components → names); a key
    /// both define at the last level is an error.
    private static func merge(_ base: Any?, _ addition: Any?, what: String, in part: String, depth: Int) throws -> [String: Any] {
        var merged = base as? [String: Any] ?? [:]
        for (key, value) in addition as? [String: Any] ?? [:] {
            if depth > 1, let existing = merged[key] {
                merged[key] = try merge(existing, value, what: what, in: part, depth: depth - 1)
            } else if merged[key] != nil {
                throw AssemblyError(description: "OpenAPI part \(part).json defines \(what) \(key) a second time")
            } else {
                merged[key] = value
            }
        }
        return merged
    }

    private static func checkReferences(_ document: [String: Any]) throws {
        let components = document["components"] as? [String: [String: Any]] ?? [:]
        func visit(_ value: Any) throws {
            if let object = value as? [String: Any] {
                if let ref = object["$ref"] as? String {
                    let pieces = ref.split(separator: "/").map(String.init)
                    guard pieces.count == 4, pieces[0] == "#", pieces[1] == "components", components[pieces[2]]?[pieces[3]] != nil else {
                        throw AssemblyError(description: "OpenAPI reference \(ref) names nothing")
                    }
                }
                for inner in object.values { try visit(inner) }
            } else if let array = value as? [Any] {
                for inner in array { try visit(inner) }
            }
        }
        try visit(document)
    }
}
