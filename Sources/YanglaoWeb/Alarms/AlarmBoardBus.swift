import FluentPostgresDriver
import Foundation
import Synchronization
import Vapor
import YanglaoStore

/// Carries board rows to the live boards of every server. On PostgreSQL several servers may
/// share the database, and a board client is connected to only one of them: each row is sent
/// with NOTIFY on one channel, and every server (the sender too) LISTENs on it and hands what
/// arrives to its own `AlarmHub`. On SQLite there is one server and rows go to its hub directly.
/// While the listener reconnects a row can be missed; a board that reconnects reloads itself,
/// and the alarm itself is in the database either way.
final class AlarmBoardBus: Sendable {
    static let channel = "yanglao_alarm_board"
    /// PostgreSQL refuses payloads of 8 000 bytes or more.
    static let maxPayload = 7_900

    private let hub: AlarmHub
    private let postgres: PostgresConnection.Configuration?
    private let listener = Mutex<Task<Void, Never>?>(nil)

    init(hub: AlarmHub, location: DatabaseLocation) throws {
        self.hub = hub
        if case .postgres(let url) = location { postgres = try SQLPostgresConfiguration(url: url).coreConfiguration } else { postgres = nil }
    }

    /// Sends a row to every server's boards.
    func publish(_ row: AlarmRow, on db: any Database, logger: Logger) async {
        guard postgres != nil, let sql = db as? any SQLDatabase else { return await hub.publish(row) }
        do {
            let payload = String(decoding: try JSONEncoder().encode(row), as: UTF8.self)
            guard payload.utf8.count <= Self.maxPayload else {
                logger.warning("alarm board: row \(row.id) too long to send to other servers; shown on this server only")
                return await hub.publish(row)
            }
            try await sql.raw("SELECT pg_notify(\(bind: Self.channel), \(bind: payload))").run()
        } catch {
            logger.report(error: error)
            await hub.publish(row)
        }
    }

    /// On PostgreSQL, starts listening (reconnecting after a second whenever the connection
    /// drops) and returns once the first LISTEN holds, or after 10 s; elsewhere does nothing.
    func start(on loop: any EventLoop, logger: Logger) async {
        guard let postgres else { return }
        let (ready, readySignal) = AsyncStream<Void>.makeStream()
        let hub = hub
        let task = Task {
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(on: loop, configuration: postgres, id: 0, logger: logger).get()
                    do {
                        try await connection.listen(on: Self.channel) { notifications in
                            readySignal.yield()
                            for try await note in notifications {
                                guard let row = try? JSONDecoder().decode(AlarmRow.self, from: Data(note.payload.utf8)) else { continue }
                                await hub.publish(row, encoded: note.payload)
                            }
                        }
                    } catch { logger.warning("alarm board listener: \(error)") }
                    try? await connection.close()
                } catch { logger.warning("alarm board listener cannot connect: \(error)") }
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
}

extension Application {
    private struct AlarmBoardBusKey: StorageKey { typealias Value = AlarmBoardBus }
    /// The boards' carrier across servers (one per server, set up by `configure`).
    var alarmBoardBus: AlarmBoardBus {
        get { storage[AlarmBoardBusKey.self]! }
        set { storage[AlarmBoardBusKey.self] = newValue }
    }
}

/// Starts the alarm boards' listener of a serving node, and stops it at shutdown.
public enum AlarmBoardListener {
    public static func start(_ app: Application) async {
        await app.alarmBoardBus.start(on: app.eventLoopGroup.any(), logger: app.logger)
        app.lifecycle.use(Stopper(bus: app.alarmBoardBus))
    }

    private struct Stopper: LifecycleHandler {
        let bus: AlarmBoardBus
        func shutdown(_ application: Application) { bus.stop() }
    }
}
