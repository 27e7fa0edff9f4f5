import Fluent
import Foundation
import YanglaoCore

/// Starting and ending one category of a person from another part of the platform (a feed
/// from another department, an approved assessment), inside the caller's transaction.
enum CategoryChanges {
    /// Makes `category` active from `since`; nil when it already was, else what was done.
    static func start(_ category: ElderCategory, since: CalendarDate, source: String, of person: ElderModel, on db: any Database) async throws
        -> String?
    {
        let id = try person.requireID()
        if let row = try await ElderCategoryModel.query(on: db).filter(\.$elder.$id == id).filter(\.$category == category.rawValue).first() {
            guard row.until != nil || row.since != since.description else { return nil }
            row.since = since.description
            row.until = nil
            row.source = source
            try await row.update(on: db)
        } else {
            let row = ElderCategoryModel()
            row.$elder.id = id
            row.category = category.rawValue
            row.since = since.description
            row.source = source
            row.regionCode = person.regionCode
            row.name = person.name
            try await row.create(on: db)
        }
        try await touch(person, on: db)
        return "+\(category.rawValue)"
    }

    /// Ends `category` on `until`; nil when it was not active.
    static func end(_ category: ElderCategory, until: CalendarDate, of person: ElderModel, on db: any Database) async throws -> String? {
        let id = try person.requireID()
        guard let row = try await ElderCategoryModel.query(on: db).filter(\.$elder.$id == id).filter(\.$category == category.rawValue).first(),
            row.until == nil
        else { return nil }
        row.until = until.description
        try await row.update(on: db)
        try await touch(person, on: db)
        return "-\(category.rawValue)"
    }

    private static func touch(_ person: ElderModel, on db: any Database) async throws {
        person.fingerprint = nil  // the import fingerprint no longer describes the record
        person.updatedAt = Date()  // moves the register version (cached results)
        try await person.update(on: db)
    }
}
