import Foundation
import Testing

@testable import YanglaoWeb

/// The string catalogue's parts: one per domain module and the platform's.
@Suite struct CatalogueTests {
    /// Both locales have the same keys in each part, so no page falls back to Chinese or shows a key.
    @Test func bothLocalesHaveTheSameKeysInEveryPart() throws {
        let directory = WebResources.directory.appendingPathComponent("Locales")
        for part in ["platform"] + Domains.all.map(\.name) {
            // A module without strings has no part in either locale.
            func keys(_ locale: UILocale) throws -> Set<String> {
                let url = directory.appendingPathComponent(locale.rawValue).appendingPathComponent("\(part).json")
                guard FileManager.default.fileExists(atPath: url.path) else { return [] }
                return Set(try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url)).keys)
            }
            let zh = try keys(.zh)
            let en = try keys(.en)
            #expect(zh == en, "\(part): only in Chinese \(zh.subtracting(en).sorted()), only in English \(en.subtracting(zh).sorted())")
        }
        #expect(try Catalogue.bundled().all(.zh).count > 1_000)
    }

    @Test func aKeyTwoPartsDefineIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("locales-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for locale in UILocale.allCases {
            let folder = directory.appendingPathComponent(locale.rawValue)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(#"{"save": "保存"}"#.utf8).write(to: folder.appendingPathComponent("platform.json"))
            try Data(#"{"save": "存"}"#.utf8).write(to: folder.appendingPathComponent("orders.json"))
        }
        #expect(try Catalogue.load(from: directory, parts: []).text("save", .zh) == "保存")
        #expect(throws: Catalogue.DuplicateKey.self) { try Catalogue.load(from: directory, parts: ["orders"]) }
    }
}
