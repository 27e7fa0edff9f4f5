/// A page of a list: every list in the API and the console is paged the same way.
public struct ListPage: Sendable, Equatable {
    public static let defaultPer = 20
    public static let maximumPer = 200

    public let page: Int
    public let per: Int

    public enum Problem: Error, Equatable, Sendable {
        case pageOutOfRange
        case perOutOfRange(maximum: Int)
    }

    public init(page: Int? = nil, per: Int? = nil) throws(Problem) {
        let page = page ?? 1
        let per = per ?? ListPage.defaultPer
        guard page >= 1, page <= 1_000_000 else { throw .pageOutOfRange }
        guard (1...ListPage.maximumPer).contains(per) else { throw .perOutOfRange(maximum: ListPage.maximumPer) }
        self.page = page
        self.per = per
    }

    public var offset: Int { (page - 1) * per }

    public func pageCount(total: Int) -> Int { max(1, (total + per - 1) / per) }
}
