import Vapor

/// bcrypt on a worker thread, so a login never stalls the event loop.
public struct BcryptHasher: Sendable {
    /// Work factor; 12 in production (≈ 0.25 s a hash), lowered only by tests via configuration.
    public let cost: Int
    let threadPool: NIOThreadPool

    public init(cost: Int, threadPool: NIOThreadPool) {
        self.cost = cost
        self.threadPool = threadPool
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }

    /// A valid hash of nothing anyone knows: verified against when the username is unknown,
    /// so a wrong username takes as long as a wrong password.
    public static let decoyHash: String = (try? Bcrypt.hash(UUID().uuidString, cost: 12)) ?? ""
}
