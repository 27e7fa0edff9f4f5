import Fluent
import SQLKit

extension Database {
    /// Creates an index; Fluent's schema builder has none, and both dialects accept this form.
    func index(on table: String, named name: String, columns: [String], unique: Bool = false) async throws {
        guard let sql = self as? any SQLDatabase else { return }
        var builder = sql.create(index: name).on(table)
        if unique { builder = builder.unique() }
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}
