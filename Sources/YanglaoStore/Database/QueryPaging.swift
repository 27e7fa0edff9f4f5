import Fluent
import YanglaoCore

extension QueryBuilder {
    /// One page of this (sorted) query and how many rows it has in all: the shape of every paged list.
    public func page(_ page: ListPage) async throws -> (items: [Model], total: Int) {
        (try await copy().range(page.offset..<(page.offset + page.per)).all(), try await count())
    }
}
