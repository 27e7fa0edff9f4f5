import Vapor
import YanglaoCore
import YanglaoStore

/// 报警统计 over a period (default: the last 30 days, to today inclusive): `GET /api/v1/alarms/stats` and `/alarms/stats`.
struct AlarmStatsRoutes {
    struct StatsDTO: Content {
        let from: String
        let to: String
        let region: String?
        let statistics: AlarmStatistics
        let answeredShare: Double?
        let overdueShare: Double?
        let falseAlarmShare: Double?
        let industryAnsweredShare: Double
    }

    /// The period and region asked for, checked.
    static func query(_ req: Request) throws -> (from: CalendarDate, to: CalendarDate, region: RegionCode?) {
        let today = CalendarDate.today()
        func day(_ name: String, _ fallback: CalendarDate) throws -> CalendarDate {
            guard let text = req.query[String.self, at: name], !text.isEmpty else { return fallback }
            guard let d = CalendarDate(text) else { throw AppError(.invalidInput, "date_invalid", field: name, ["value": text]) }
            return d
        }
        let to = try day("to", today)
        let from = try day("from", to.addingDays(-29))
        guard from <= to else { throw AppError(.invalidInput, "period_invalid", field: "from") }
        let region = try req.query[String.self, at: "region"].flatMap { $0.isEmpty ? nil : try req.regionCode("region", from: $0) }
        return (from, to, region)
    }

    static func stats(_ req: Request) async throws -> StatsDTO {
        let (from, to, region) = try query(req)
        let s = try await req.alarms.statistics(from: from.startOfDay, to: to.addingDays(1).startOfDay, within: region)
        return StatsDTO(
            from: from.description, to: to.description, region: region?.value, statistics: s, answeredShare: s.answeredShare,
            overdueShare: s.overdueShare, falseAlarmShare: s.falseAlarmShare, industryAnsweredShare: AlarmStatistics.industryAnsweredShare)
    }

    struct Line: Encodable {
        let name: String
        let count: Int
        let extra: String
    }
    struct Page: Encodable {
        let from: String
        let to: String
        let region: String
        let total: Int
        let answered: String
        let industry: String
        let meets: Bool
        let ackP50: String
        let ackP90: String
        let closeP50: String
        let closeP90: String
        let overdue: String
        let falseAlarms: String
        let offline: Int
        let types: [Line]
        let outcomes: [Line]
        let devices: [Line]
    }

    func boot(api: any RoutesBuilder, pages: any RoutesBuilder) {
        api.get("alarms", "stats", use: { req in try await Self.stats(req) })
        pages.get("alarms", "stats", use: page)
    }

    func page(req: Request) async throws -> Response {
        let dto = try await Self.stats(req)
        let s = dto.statistics
        func pct(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        func secs(_ v: Double?) -> String {
            guard let v else { return "—" }
            return v < 120 ? "\(Int(v.rounded())) 秒" : String(format: "%.1f 分钟", v / 60)
        }
        let body = Page(
            from: dto.from, to: dto.to, region: dto.region ?? "", total: s.total, answered: pct(dto.answeredShare),
            industry: pct(dto.industryAnsweredShare),
            meets: (dto.answeredShare ?? 0) >= dto.industryAnsweredShare, ackP50: secs(s.acknowledgeP50), ackP90: secs(s.acknowledgeP90),
            closeP50: secs(s.closeP50), closeP90: secs(s.closeP90), overdue: pct(dto.overdueShare), falseAlarms: pct(dto.falseAlarmShare),
            offline: s.offlineDevices,
            types: s.byType.map { Line(name: AlarmType(code: $0.key).chineseName, count: $0.count, extra: "") },
            outcomes: s.byOutcome.map { Line(name: AlarmOutcome(rawValue: $0.key)?.chineseName ?? $0.key, count: $0.count, extra: "") },
            devices: s.byDeviceType.map {
                Line(
                    name: DeviceType(rawValue: $0.key)?.chineseName ?? $0.key, count: $0.count,
                    extra: pct($0.count == 0 ? nil : Double($0.falseAlarms) / Double($0.count)))
            })
        return try await Pages.render("alarms/alarm-stats", title: req.t("alarm_stats"), body, for: req)
    }
}
