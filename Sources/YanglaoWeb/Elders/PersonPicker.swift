import Vapor
import YanglaoCore
import YanglaoStore

/// 来电找人: the hotline's quick search (a full phone or ID number, or part of a name), then
/// one chosen person — shared by the pages that act for a caller (an order, an alarm).
/// The page at `path` takes `?q=` to search and `?elder=` for the choice.
struct PersonPicker: Encodable {
    struct Person: Encodable {
        let id: String
        let name: String
        let idMasked: String
        let phoneMasked: String
        let address: String
        let regionCode: String
        /// The village's name, shown; the code is its title.
        let regionName: String
        let active: Bool
    }

    let path: String
    /// The results' button, e.g. 为此人下单.
    let chooseLabel: String
    let q: String
    let searched: Bool
    let results: [Person]
    let person: Person?

    static func load(_ req: Request, path: String, chooseLabel: String) async throws -> PersonPicker {
        struct Q: Decodable {
            let q: String?
            let elder: String?
        }
        let query = try req.query.decode(Q.self)
        let elders = try req.elders
        let text = query.q?.trimmingCharacters(in: .whitespaces) ?? ""
        let results = text.isEmpty ? [] : try await elders.quickSearch(text)
        var chosenItem: ElderListItem?
        if let id = query.elder.flatMap(UUID.init(uuidString:)) {
            chosenItem = try await elders.items(for: [try await elders.model(id)]).first
        }
        let villages = try await RegionNames.of((results + [chosenItem].compactMap { $0 }).map(\.person.regionCode), on: req.db)
        let person = { (item: ElderListItem) in Self.person(item, village: villages[item.person.regionCode]) }
        return PersonPicker(
            path: path, chooseLabel: chooseLabel, q: text, searched: !text.isEmpty, results: results.map(person), person: chosenItem.map(person))
    }

    private static func person(_ item: ElderListItem, village: String?) -> Person {
        Person(
            id: item.person.id.uuidString, name: item.person.name, idMasked: item.person.idMasked, phoneMasked: item.person.phoneMasked ?? "",
            address: item.person.address, regionCode: item.person.regionCode, regionName: village ?? item.person.regionCode,
            active: item.person.status == ElderStatus.active.rawValue)
    }
}
