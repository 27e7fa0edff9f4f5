import Dispatch

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
                    (index, await withCheckedContinuation { continuation in
                        DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: transform(item)) }
                    })
                }
            }
            var outputs = [Output?](repeating: nil, count: items.count)
            for await (index, output) in group { outputs[index] = output }
            return outputs.map { $0! }
        }
    }
}
