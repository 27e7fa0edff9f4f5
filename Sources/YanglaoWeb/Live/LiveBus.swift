import FluentPostgresDriver
import Foundation
import Synchronization
import Vapor
import YanglaoStore

/// Carries live messages to the hubs (`LiveHub`) of every server. On PostgreSQL several
/// servers may share the database, and a page is connected to only one of them: each message
/// is sent with NOTIFY on the bus's channel, and every server (the sender too) LISTENs on it
/// and hands what arrives to its own hub. On SQLite there is one server and messages go to its
/// hub directly. While the listener reconnects a message can be missed; a page that
/// reconnects reloads itself, and what changed is in the database either way.
final class LiveBus<Message: Codable & Sendable>: Sendable {
    /// PostgreSQL refuses payloads of 8 000 bytes or more.
    static var maxPayload: Int { 7_900 }

    let channel: String
    let hub: LiveHub<Message>
    private let postgres: PostgresConnection.Configuration?
    private let listener = Mutex<Task<Void, Never>?>(nil)

    init(channel: String, hub: LiveHub<Message>, location: DatabaseLocation) throws {
        self.channel = channel
        self.hub = hub
        if case .postgres(let url) = location { postgres = try SQLPostgresConfiguration(url: url).coreConfiguration } else { postgres = nil }
    }

    /// Sends a message to every server's hub.
    func publish(_ message: Message, on db: any Database, logger: Logger) async {
        guard postgres != nil, let sql = db as? any SQLDatabase else { return await hub.publish(message) }
        do {
            let payload = String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
            guard payload.utf8.count <= Self.maxPayload else {
                logger.warning("\(channel): a message too long to send to other servers; delivered on this server only")
                return await hub.publish(message)
            }
            try await sql.raw("SELECT pg_notify(\(bind: channel), \(bind: payload))").run()
        } catch {
            logger.report(error: error)
            await hub.publish(message)
        }
    }

    /// On PostgreSQL, starts listening (reconnecting after a second whenever the connection
    /// drops) and returns once the first LISTEN holds, or after 10 s; elsewhere does nothing.
    func start(on loop: any EventLoop, logger: Logger) async {
        guard let postgres else { return }
        let (ready, readySignal) = AsyncStream<Void>.makeStream()
        let hub = hub
        let channel = channel
        let task = Task {
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(on: loop, configuration: postgres, id: 0, logger: logger).get()
                    do {
                        try await connection.listen(on: channel) { notifications in
                            readySignal.yield()
                            for try await note in notifications { await hub.publish(encoded: note.payload) }
                        }
                    } catch { logger.warning("\(channel) listener: \(error)") }
                    try? await connection.close()
                } catch { logger.warning("\(channel) listener cannot connect: \(error)") }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        listener.withLock { $0 = task }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await _ in ready { return } }
            group.addTask { try? await Task.sleep(for: .seconds(10)) }
            await group.next()
            group.cancelAll()
        }
    }

    func stop() {
        listener.withLock {
            $0?.cancel()
            $0 = nil
        }
    }

    /// Starts listening on a serving node and stops at shutdown.
    func startServing(_ app: Application) async {
        await start(on: app.eventLoopGroup.any(), logger: app.logger)
        app.lifecycle.use(Stopper(stop: { self.stop() }))
    }

    private struct Stopper: LifecycleHandler {
        let stop: @Sendable () -> Void
        func shutdown(_ application: Application) { stop() }
    }
}
