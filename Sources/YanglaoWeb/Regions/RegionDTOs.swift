import Vapor
import YanglaoCore
import YanglaoStore

struct RegionDTO: Content {
    let code: String
    let name: String
    let level: String
    let kind: String
    let parentCode: String?
    /// 撤并: when the region was merged into `successorCode`; nil while it is in use.
    let retiredOn: String?
    let successorCode: String?

    init(_ m: RegionModel) {
        code = m.id ?? ""
        name = m.name
        level = m.level
        kind = m.kind
        parentCode = m.parentCode
        retiredOn = m.retiredOn
        successorCode = m.successorCode
    }
}

struct RegionChildDTO: Content {
    let code: String
    let name: String
    let level: String
    let kind: String
    let descendantCount: Int
    let accountCount: Int
}

struct RegionDetailDTO: Content {
    let region: RegionDTO
    let lineage: [RegionDTO]
    let children: [RegionChildDTO]
    /// Regions below, by level name.
    let descendantCounts: [String: Int]
    let accountCount: Int

    init(_ s: RegionSummary) {
        region = RegionDTO(s.region)
        self.lineage = s.lineage.map(RegionDTO.init)
        children = s.children.map { c in
            let counts = s.childCounts[c.id ?? ""]
            return RegionChildDTO(
                code: c.id ?? "", name: c.name, level: c.level, kind: c.kind,
                descendantCount: counts?.descendants ?? 0, accountCount: counts?.accounts ?? 0)
        }
        descendantCounts = Dictionary(uniqueKeysWithValues: s.descendantCounts.map { ($0.key.rawValue, $0.value) })
        accountCount = s.accountCount
    }
}
extension PopulationFigures: Content {}
