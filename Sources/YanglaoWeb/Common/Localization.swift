import Foundation
import Vapor

/// 语言: the two locales of the interface. Chinese first; English second.
public enum UILocale: String, CaseIterable, Sendable {
    case zh = "zh-Hans"
    case en

    public static let cookieName = "yanglao_lang"

    /// The locale a request asks for: the language cookie, then Accept-Language, then Chinese.
    static func of(_ req: Request) -> UILocale {
        if let cookie = req.cookies[cookieName]?.string, let locale = UILocale(tag: cookie) { return locale }
        return fromAcceptLanguage(req.headers.first(name: .acceptLanguage))
    }

    public static func fromAcceptLanguage(_ header: String?) -> UILocale {
        guard let header else { return .zh }
        // Highest quality first; ties keep header order.
        let ranked = header.split(separator: ",").enumerated().map { index, part -> (String, Double, Int) in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (pieces.first ?? "", q, index)
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.2 < $1.2 }
        for (tag, q, _) in ranked where q > 0 {
            if let locale = UILocale(tag: tag) { return locale }
        }
        return .zh
    }

    init?(tag: String) {
        let lower = tag.lowercased()
        if lower.hasPrefix("zh") { self = .zh } else if lower.hasPrefix("en") { self = .en } else { return nil }
    }

    public var htmlLang: String { self == .zh ? "zh-CN" : "en" }
}

/// The string catalogues: per locale, a folder under Resources/Locales with one JSON file per
/// part — `platform.json` (the shell: navigation, pager, errors every domain shares) and one
/// per domain module, named after it. Loaded once; a key two parts define stops the start.
public struct Catalogue: Sendable {
    public let strings: [UILocale: [String: String]]

    public struct DuplicateKey: Error, CustomStringConvertible {
        public let description: String
    }

    public static func load(from directory: URL, parts: [String]) throws -> Catalogue {
        var strings: [UILocale: [String: String]] = [:]
        for locale in UILocale.allCases {
            var merged: [String: String] = [:]
            for part in ["platform"] + parts {
                let url = directory.appendingPathComponent(locale.rawValue).appendingPathComponent("\(part).json")
                guard FileManager.default.fileExists(atPath: url.path) else { continue }
                for (key, text) in try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url)) {
                    guard merged.updateValue(text, forKey: key) == nil else {
                        throw DuplicateKey(description: "string \(key) of \(locale.rawValue) is defined twice (again in \(part).json)")
                    }
                }
            }
            strings[locale] = merged
        }
        return Catalogue(strings: strings)
    }

    /// The text for `key`, with `{name}` slots filled; falls back to Chinese, then to the key.
    public func text(_ key: String, _ locale: UILocale, _ arguments: [String: String] = [:]) -> String {
        var text = strings[locale]?[key] ?? strings[.zh]?[key] ?? key
        for (name, value) in arguments { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    public func all(_ locale: UILocale) -> [String: String] { strings[locale] ?? [:] }
}

extension Application {
    private struct CatalogueKey: StorageKey { typealias Value = Catalogue }
    public var catalogue: Catalogue {
        get { storage[CatalogueKey.self]! }
        set { storage[CatalogueKey.self] = newValue }
    }
}

extension Request {
    var locale: UILocale { UILocale.of(self) }
    func t(_ key: String, _ arguments: [String: String] = [:]) -> String {
        application.catalogue.text(key, locale, arguments)
    }
}
