import Foundation
import YanglaoCore

/// The county's workers as dispatch sees them, kept in memory between orders so that an
/// order reads a ready index instead of loading every worker of the county. An entry is
/// rebuilt from the database when older than `maxAge` (other servers' changes show within
/// that time) or when this server changed a worker of the county; an offer made here adds
/// to the worker's load at once, so the next order sees it.
public actor DispatchIndexCache {
    public let maxAge: TimeInterval
    private var entries: [String: (index: WorkerIndex, builtAt: Date)] = [:]

    public init(maxAge: TimeInterval = 5) { self.maxAge = maxAge }

    /// The county's index, built by `build` when missing or stale.
    func index(of county: RegionCode, now: Date = Date(), build: @Sendable () async throws -> WorkerIndex) async throws -> WorkerIndex {
        if let entry = entries[county.value], now.timeIntervalSince(entry.builtAt) < maxAge { return entry.index }
        let index = try await build()
        entries[county.value] = (index, now)
        return index
    }

    /// One more open order for the worker (an offer), in the county's cached index.
    func offered(_ workerID: String, in county: RegionCode) {
        guard var entry = entries[county.value], var worker = entry.index.worker(id: workerID) else { return }
        worker.load += 1
        entry.index.insert(worker)
        entries[county.value] = entry
    }

    /// Forgets the county's index (a worker of it changed here).
    public func invalidate(_ county: RegionCode) { entries[county.value] = nil }
}
