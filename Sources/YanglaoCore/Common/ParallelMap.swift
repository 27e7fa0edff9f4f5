import Dispatch
import Foundation

/// CPU-bound work spread over the machine's cores. The command line and the server run
/// Swift concurrency on the NIO event loops, which keep a task's children on the loop that
/// spawned them; a task group of pure computation would then run on one core. Here each
/// piece runs on Dispatch's worker threads (as many as cores) and is awaited; results come
/// back in the order of the items.
public enum ParallelMap {
    public static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], _ transform: @escaping @Sendable (Item) throws -> Output
    ) async throws -> [Output] {
        try await map(items) { item in Result { try transform(item) } }.map { try $0.get() }
    }

    public static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], _ transform: @escaping @Sendable (Item) -> Output
    ) async -> [Output] {
        await withTaskGroup(of: (Int, Output).self) { group in
            for (index, item) in items.enumerated() {
                group.addTask {
                    (
                        index,
                        await withCheckedContinuation { continuation in
                            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: transform(item)) }
                        }
                    )
                }
            }
            var outputs = [Output?](repeating: nil, count: items.count)
            for await (index, output) in group { outputs[index] = output }
            return outputs.map { $0! }
        }
    }
}

extension ParallelMap {
    /// The synchronous form, for code that is not async: `count` pieces computed on all
    /// cores (the caller's thread among them), returned in order.
    public static func blocking<Output: Sendable>(_ count: Int, _ piece: @Sendable (Int) -> Output) -> [Output] {
        let results = Results<Output>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in results.set(index, piece(index)) }
        return results.values()
    }

    /// Each piece's slot is written once, under the lock.
    private final class Results<Output: Sendable>: @unchecked Sendable {
        private var slots: [Output?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Output) { lock.withLock { slots[index] = value } }
        func values() -> [Output] { lock.withLock { slots.map { $0! } } }
    }
}
