import Fluent
import YanglaoCore

/// The names of regions by code, for any page or file that shows a region to a person (a
/// name first, the code only beside it). Every domain may read the tree directly.
public enum RegionNames {
    public static func of(_ codes: some Sequence<String>, on db: any Database) async throws -> [String: String] {
        let wanted = Array(Set(codes))
        guard !wanted.isEmpty else { return [:] }
        var names: [String: String] = [:]
        for chunk in stride(from: 0, to: wanted.count, by: 500).map({ Array(wanted[$0..<min($0 + 500, wanted.count)]) }) {
            for region in try await RegionModel.query(on: db).filter(\.$id ~~ chunk).all() { names[region.id!] = region.name }
        }
        return names
    }
}
