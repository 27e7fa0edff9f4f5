import Fluent
import SQLKit
import YanglaoCore

/// The register's figures: the people in it today, from the village tallies
/// (`VillageTallies`), with the population figures for shares and the enrolment rate.
public struct RegisterFigures: FigureSource {
    public let name = "people"
    public let layout = SlotLayout(RegisterTally.slotNames)
    public let countsState = true

    public init() {}

    static func bands(from age: Int) -> [String] {
        AgeBand.allCases.filter { $0.lowerAge >= age }.map { "band.\($0.rawValue)" }
    }

    public var figures: [FigureDefinition] {
        let people = FigureTerm.prefixed("sex.")
        let list = "/elders"
        var out: [FigureDefinition] = [
            FigureDefinition("people.total", .total(people), unit: .people, headline: true, drill: FigureDrill(list)),
            FigureDefinition("people.aged60", .total(.slots(Self.bands(from: 60))), unit: .people, drill: FigureDrill(list, ["minAge": "60"])),
            FigureDefinition("people.aged65", .total(.slots(Self.bands(from: 65))), unit: .people, drill: FigureDrill(list, ["minAge": "65"])),
            FigureDefinition(
                "people.aged80", .total(.slots(Self.bands(from: 80))), unit: .people, headline: true, drill: FigureDrill(list, ["minAge": "80"])),
            FigureDefinition("people.male", .total(.slot("sex.male")), unit: .people, label: "sex_male", partOf: "people.total"),
            FigureDefinition("people.female", .total(.slot("sex.female")), unit: .people, label: "sex_female", partOf: "people.total"),
            FigureDefinition(
                "people.enrolled", .total(.slot("enrolment.enrolled")), unit: .people, headline: true, higherIsBetter: true,
                drill: FigureDrill(list, ["enrolled": "yes"])),
            FigureDefinition(
                "people.not_enrolled", .total(.slot("enrolment.not_enrolled")), unit: .people, higherIsBetter: false,
                drill: FigureDrill(list, ["enrolled": "no"])),
            FigureDefinition(
                "people.enrolment_rate", .share(.slot("enrolment.enrolled"), of: .population(.aged60)), unit: .share, headline: true,
                higherIsBetter: true),
            FigureDefinition(
                "people.coverage60", .share(.slots(Self.bands(from: 60)), of: .population(.aged60)), unit: .share, higherIsBetter: true),
            FigureDefinition("people.population60", .total(.population(.aged60)), unit: .people),
            FigureDefinition("people.ageing_rate", .share(.population(.aged60), of: .population(.residents)), unit: .share),
        ]
        for band in AgeBand.allCases where band != .under60 {
            out.append(
                FigureDefinition(
                    "people.band.\(band.rawValue)", .total(.slot("band.\(band.rawValue)")), unit: .people,
                    drill: FigureDrill(list, ["minAge": String(band.lowerAge), "maxAge": band.upperAge.map(String.init) ?? ""]),
                    label: "figure_people_band", partOf: "people.total", labelDetail: band.rawValue))
        }
        for category in ElderCategory.allCases {
            // 高龄 is an age, not a recorded category: counted from the bands as the statistics do.
            let term: FigureTerm =
                category == .advancedAge ? .slots(Self.bands(from: ElderCategory.advancedAgeFrom)) : .slot("category.\(category.rawValue)")
            out.append(
                FigureDefinition(
                    "people.category.\(category.rawValue)", .total(term), unit: .people,
                    drill: FigureDrill(list, ["category": category.rawValue]), label: "category_\(category.rawValue)", partOf: "people.total"))
        }
        return out
    }

    /// One state row per village, counted for today.
    public func tallies(on db: any Database, today: CalendarDate, node: NodeState) async throws -> TallyIndex {
        let cache = node.registerReadCache
        if let gate = cache?.tallyGate {
            try await gate.run { try await VillageTallies.refresh(on: db, today: today) }
        } else {
            try await VillageTallies.refresh(on: db, today: today)
        }
        let read = {
            let rows = try await db.sqlDatabase().select().columns("village_code", "counts").from(VillageTallies.table).all().compactMap {
                row -> TallyRow? in
                guard let tally = RegisterTally(text: try row.decode(column: "counts", as: String.self)) else { return nil }
                return TallyRow(region: try row.decode(column: "village_code", as: String.self), month: "", counts: tally.slotCounts)
            }
            return TallyIndex(width: layout.count, rows: rows)
        }
        guard let cache else { return try await read() }
        let version = try await RegisterReadCache.version(on: db) + "|" + (try await PlatformSettings.value(VillageTallies.daySetting, on: db) ?? "")
        if let hit = await cache.get("figures|\(today)", version: version, as: TallyIndex.self) { return hit }
        let rows = try await read()
        await cache.put("figures|\(today)", version: version, rows)
        return rows
    }
}
