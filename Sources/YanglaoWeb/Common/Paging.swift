import Vapor
import YanglaoCore

/// One page of a list, as every list endpoint returns it.
struct Page<Item: Content>: Content {
    let items: [Item]
    let page: Int
    let per: Int
    let total: Int
    let pageCount: Int

    init(items: [Item], request: ListPage, total: Int) {
        self.items = items
        self.page = request.page
        self.per = request.per
        self.total = total
        self.pageCount = request.pageCount(total: total)
    }
}

extension Page {
    /// One page of a list the service hands over whole (a person's history, a region's
    /// versions): the list is short, and `total` still says how long it is.
    init(all: [Item], request: ListPage) {
        let start = min(request.offset, all.count)
        self.init(items: Array(all[start..<min(start + request.per, all.count)]), request: request, total: all.count)
    }
}

extension Request {
    /// `page` and `per` from the query string, validated.
    func pageRequest() throws -> ListPage {
        struct Q: Decodable {
            let page: Int?
            let per: Int?
        }
        let q = try query.decode(Q.self)
        do { return try ListPage(page: q.page, per: q.per) } catch { throw error.appError }
    }

    /// The record id in path parameter `name`; a missing or malformed one is the record not
    /// found (`notFound`, e.g. `order_not_found`), exactly as an unknown id is.
    func uuid(_ name: String, notFound code: String) throws -> UUID {
        guard let text = parameters.get(name), let id = UUID(uuidString: text) else { throw AppError(.notFound, code) }
        return id
    }

    /// A region code from the path or query, validated with a clear message.
    func regionCode(_ name: String, from text: String?) throws -> RegionCode {
        guard let text, !text.isEmpty else { throw AppError(.invalidInput, "field_missing", field: name, ["field": name]) }
        do { return try RegionCode(text) } catch { throw error.appError(field: name) }
    }
}
