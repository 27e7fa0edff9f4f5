import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// A person of the demo register as the history builders read it: where they live, in bulk.
struct DemoPersonRow: Decodable {
    let id: UUID
    let region_code: String
    let address: String
    let latitude: Double?
    let longitude: Double?
    let living: String?
}

extension DemoCityBuilder {
    /// The active people in id order, only those with a position when `located`.
    func activePeople(on sql: any SQLDatabase, located: Bool = false) async throws -> [DemoPersonRow] {
        var query = sql.select().columns("id", "region_code", "address", "latitude", "longitude", "living").from(ElderModel.schema)
            .where("status", .equal, ElderStatus.active.rawValue)
        if located { query = query.where("latitude", .isNot, SQLLiteral.null) }
        return try await query.orderBy("id").all(decoding: DemoPersonRow.self)
    }
}
