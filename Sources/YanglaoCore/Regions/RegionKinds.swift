/// The kind of a region from its code and its name. The code's segment gives the kind by
/// GB/T 10114 (街道 001–099, 镇 100–199, 乡 200–399, 政企合一等 400–599; 社区 001–199, 村
/// 200–399); a name that says what it is wins where the two disagree, since the names are
/// what the bureau's own file says. County codes 71–79 are the NBS's statistical units for
/// development zones (e.g. 410971 河南濮阳工业园区), not GB/T 2260 counties.
public enum RegionKinds {
    public static func kind(of code: RegionCode, named name: String) -> RegionKind {
        switch code.level {
        case .county:
            return name.hasAnySuffix(zoneSuffixes) ? .developmentZone : code.kind
        case .township:
            if name.hasAnySuffix(zoneSuffixes + ["农场", "林场", "牧场", "管理区", "管委会"]) { return .specialTownship }
            if name.hasAnySuffix(["街道", "街道办事处", "办事处"]) { return .street }
            if name.hasSuffix("镇") { return .town }
            if name.hasSuffix("乡") { return .township }
            return code.kind
        case .village:
            if name.hasAnySuffix(["社区", "居委会", "居民委员会", "社区居委会", "社区居民委员会"]) { return .community }
            if name.hasAnySuffix(["村", "村委会", "村民委员会"]) { return .village }
            return code.kind
        case .province, .city:
            return code.kind
        }
    }

    private static let zoneSuffixes = ["开发区", "园区", "示范区", "实验区"]
}

extension String {
    fileprivate func hasAnySuffix(_ suffixes: [String]) -> Bool { suffixes.contains { hasSuffix($0) } }
}
