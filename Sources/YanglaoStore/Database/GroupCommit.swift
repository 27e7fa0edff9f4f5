import Fluent
import Foundation

/// Group commit: items written while a write is under way wait and are then written together,
/// in one transaction (the `write` function makes it one multi-row statement per table).
/// SQLite takes one writer at a time, so this keeps the server's connections from queueing on
/// its write lock and pays for the transaction once per batch. Each caller returns only once
/// its own item is committed; when a batch fails, its items are written one by one so each
/// caller gets its own answer (e.g. the unique key of a replayed request).
public actor GroupCommit<Item: Sendable> {
    struct Pending {
        let item: Item
        let database: any Database
        let done: CheckedContinuation<Void, any Error>
    }

    public let maxBatch: Int
    private let write: @Sendable ([Item], any Database) async throws -> Void
    private var pending: [Pending] = []
    private var draining = false

    /// The connection every batch is written on; without one, a batch uses the first caller's database.
    private let dedicated: (any Database)?

    /// `write` is called inside the batch's transaction.
    public init(maxBatch: Int, database: (any Database)?, write: @escaping @Sendable ([Item], any Database) async throws -> Void) {
        self.maxBatch = maxBatch
        dedicated = database
        self.write = write
    }

    /// Writes the item with others that came meanwhile; returns once it is committed.
    public func submit(_ item: Item, on database: any Database) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            pending.append(Pending(item: item, database: database, done: done))
            if !draining {
                draining = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            do {
                try await commit(batch.map(\.item), on: dedicated ?? batch[0].database)
                for p in batch { p.done.resume() }
            } catch {
                guard batch.count > 1 else {
                    batch[0].done.resume(throwing: error)
                    continue
                }
                for p in batch {
                    do {
                        try await commit([p.item], on: dedicated ?? p.database)
                        p.done.resume()
                    } catch { p.done.resume(throwing: error) }
                }
            }
        }
        draining = false
    }

    private func commit(_ items: [Item], on database: any Database) async throws {
        let write = write
        try await database.transaction { db in try await write(items, db) }
    }
}
