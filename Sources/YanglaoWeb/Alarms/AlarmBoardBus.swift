import Vapor

/// Carries board rows to the live alarm boards of every server (`LiveBus`).
typealias AlarmBoardBus = LiveBus<AlarmRow>

extension LiveBus where Message == AlarmRow {
    static var boardChannel: String { "yanglao_alarm_board" }
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
        await app.alarmBoardBus.startServing(app)
    }
}
