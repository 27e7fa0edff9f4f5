import Foundation
import Vapor

/// The pages of one server that listen live (server-sent events): each subscriber says
/// which messages it wants, and gets them as JSON text, with an empty message every 15 s
/// that keeps the connection open. A page that reconnects reads itself afresh, so nothing
/// shown depends on a message having arrived; a subscriber that falls more than `buffer`
/// messages behind has its stream ended, so it reconnects instead of missing one.
actor LiveHub<Message: Codable & Sendable> {
    private var subscribers: [UUID: (wants: @Sendable (Message) -> Bool, continuation: AsyncStream<String>.Continuation)] = [:]

    func subscribe(buffer: Int = 500, wants: @escaping @Sendable (Message) -> Bool) -> AsyncStream<String> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(buffer))
        subscribers[id] = (wants, continuation)
        let keepAlive = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                continuation.yield("")
            }
        }
        continuation.onTermination = { _ in
            keepAlive.cancel()
            Task { await self.remove(id) }
        }
        return stream
    }

    private func remove(_ id: UUID) { subscribers[id] = nil }

    var count: Int { subscribers.count }

    func publish(_ message: Message) {
        guard let data = try? JSONEncoder().encode(message) else { return }
        publish(message, encoded: String(decoding: data, as: UTF8.self))
    }

    /// A message already encoded as JSON (as it arrives from another server).
    func publish(_ message: Message, encoded text: String) {
        for (_, s) in subscribers where s.wants(message) {
            if case .dropped = s.continuation.yield(text) { s.continuation.finish() }
        }
    }

    /// Decodes what another server sent and publishes it here.
    func publish(encoded text: String) {
        guard let message = try? JSONDecoder().decode(Message.self, from: Data(text.utf8)) else { return }
        publish(message, encoded: text)
    }
}

/// A server-sent event stream for a page: each message as one `event`, keep-alives as comments.
enum LiveStream {
    static func response(_ stream: AsyncStream<String>, event: String) -> Response {
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: .contentType, value: "text/event-stream; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        response.body = .init(asyncStream: { writer in
            try await writer.writeBuffer(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
            for await message in stream {
                let frame = message.isEmpty ? ": keep-alive\n\n" : "event: \(event)\ndata: \(message)\n\n"
                do { try await writer.writeBuffer(ByteBuffer(string: frame)) } catch { break }
            }
            try? await writer.write(.end)
        })
        return response
    }
}
