import Vapor
import YanglaoCore
import YanglaoStore

/// The demo's target lists (任务清单) for 华龙区: Huaiyang's targets from its 2022 opinion
/// [S001 附件1] — for 2022 one street centre, seven community facilities and one district
/// institution; for 2025 7 763 beds, 55 % of them nursing-type, one medical-care
/// institution — which the platform does not count yet, so they are reported by hand (two
/// with example evidence); and three of this year on live figures.
public enum DemoTargets {
    public static func add(_ app: Application) async throws {
        let service = TargetService(app.context(as: .commandLine()))
        let district = try RegionCode("410902000000")
        let responsible = "华龙区民政局"
        let year = CalendarDate.today().year
        let targets: [(TargetInput, reported: (Double, String)?)] = [
            (
                TargetInput(
                    year: 2022, title: "街道综合养老服务中心", figure: nil, unit: "items", targetValue: 1, deadline: "2022-12-31", responsibleUnit: responsible),
                (1, "（示例）2022 年 11 月竣工验收记录")
            ),
            (
                TargetInput(
                    year: 2022, title: "社区养老服务设施", figure: nil, unit: "items", targetValue: 7, deadline: "2022-12-31", responsibleUnit: responsible),
                (6, "（示例）设施台账：已建成 6 处")
            ),
            (
                TargetInput(
                    year: 2022, title: "区级养老机构", figure: nil, unit: "items", targetValue: 1, deadline: "2022-12-31", responsibleUnit: responsible),
                nil
            ),
            (
                TargetInput(
                    year: 2025, title: "养老床位", figure: nil, unit: "items", targetValue: 7_763, deadline: "2025-12-31", responsibleUnit: responsible),
                nil
            ),
            (
                TargetInput(
                    year: 2025, title: "护理型床位占比", figure: nil, unit: "share", targetValue: 55, deadline: "2025-12-31", responsibleUnit: responsible),
                nil
            ),
            (
                TargetInput(
                    year: 2025, title: "区级医养结合机构", figure: nil, unit: "items", targetValue: 1, deadline: "2025-12-31", responsibleUnit: responsible),
                nil
            ),
            (
                TargetInput(
                    year: year, title: "老年人入网", figure: "people.enrolled", unit: nil, targetValue: 60_000, deadline: "\(year)-12-31",
                    responsibleUnit: responsible), nil
            ),
            (
                TargetInput(
                    year: year, title: "紧急呼叫 60 秒内接警率", figure: "alarms.answered60_rate", unit: nil, targetValue: 98.5, deadline: "\(year)-12-31",
                    responsibleUnit: "濮阳市养老服务专线"), nil
            ),
            (
                TargetInput(
                    year: year, title: "居家养老服务工单完成率", figure: "orders.completion_rate", unit: nil, targetValue: 95, deadline: "\(year)-12-31",
                    responsibleUnit: responsible), nil
            ),
        ]
        for (input, reported) in targets {
            let target = try await service.create(for: district, input)
            if let (value, evidence) = reported { _ = try await service.report(target.id!, value: value, evidence: evidence) }
        }
    }
}
