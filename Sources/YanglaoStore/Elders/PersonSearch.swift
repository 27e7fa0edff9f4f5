import Fluent
import Foundation
import YanglaoCore

/// 快速查找: one box for the hotline — a citizen ID number, a phone number or part of a name.
/// ID numbers match through their keyed hash; phone numbers through their masked form,
/// then each candidate's sealed number is opened and compared, so no clear number is stored.
extension ElderService {
    public func quickSearch(_ text: String, limit: Int = 20) async throws -> [ElderListItem] {
        try requireRead()
        let query = text.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else { return [] }
        if let id = try? CitizenID(query, today: today) {
            return try await items(for: try await find(citizenID: id).map { [$0] } ?? [])
        }
        if let phone = try? PhoneNumber(query) {
            let candidates = try await scoped.query(ElderModel.self).filter(\.$phoneMasked == phone.masked).limit(200).all()
            let matches = try candidates.filter { person in try person.phoneCipher.map { try protection.open($0) } == phone.value }
            return try await items(for: Array(matches.prefix(limit)))
        }
        var filter = ElderListFilter()
        filter.name = query
        filter.sort = .name
        return try await list(filter, page: try ListPage(page: 1, per: limit)).items
    }
}
