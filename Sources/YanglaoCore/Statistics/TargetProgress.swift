/// 任务清单: how far a target (a figure to reach by a deadline) has come, and whether it is
/// met, on track, at risk (more than a tenth behind the straight line from the start of
/// its year to the deadline) or late (the deadline passed unmet). Targets are "at least"
/// values in the unit the figure is written in (per cent for shares).
public enum TargetState: String, Sendable, CaseIterable, Codable {
    case met
    case onTrack = "on_track"
    case atRisk = "at_risk"
    case late
    /// No value yet (a target entered by hand with no progress reported).
    case unknown
}

public enum TargetProgress {
    /// How far behind the straight line a target may be before it is at risk.
    public static let riskMargin = 0.1

    /// The share of the target reached, 0… (above 1 when exceeded); nil without a value.
    public static func fraction(current: Double?, target: Double) -> Double? {
        guard let current else { return nil }
        guard target > 0 else { return current >= target ? 1 : 0 }
        return current / target
    }

    /// The share of the time from `start` to `deadline` passed on `today`, 0…1.
    public static func elapsed(start: CalendarDate, deadline: CalendarDate, today: CalendarDate) -> Double {
        let total = deadline.dayNumber - start.dayNumber
        guard total > 0 else { return today >= deadline ? 1 : 0 }
        return min(1, max(0, Double(today.dayNumber - start.dayNumber) / Double(total)))
    }

    public static func state(current: Double?, target: Double, start: CalendarDate, deadline: CalendarDate, today: CalendarDate) -> TargetState {
        guard let reached = fraction(current: current, target: target) else { return today > deadline ? .late : .unknown }
        if reached >= 1 { return .met }
        if today > deadline { return .late }
        return reached + riskMargin < elapsed(start: start, deadline: deadline, today: today) ? .atRisk : .onTrack
    }
}
