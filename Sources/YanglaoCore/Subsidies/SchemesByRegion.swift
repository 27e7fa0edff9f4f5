/// Which schemes pay a person: those of the nearest region at or above theirs that set its
/// own (a county that raised the 高龄津贴 pays its people its amount, even in the city's run).
public struct SchemesByRegion: Sendable {
    /// The configured regions, deepest first, each with its schemes.
    public let sets: [(region: RegionCode, schemes: [SubsidyScheme])]

    public init(_ configured: [(region: RegionCode, schemes: [SubsidyScheme])]) {
        sets = configured.sorted { $0.region.significantPrefix.count > $1.region.significantPrefix.count }
    }

    /// The position in `sets` of the configuration that applies in `region`, if any.
    public func index(for region: RegionCode) -> Int? {
        sets.firstIndex { $0.region.contains(region) }
    }

    public func schemes(for region: RegionCode) -> [SubsidyScheme] {
        index(for: region).map { sets[$0].schemes } ?? []
    }

    /// Every scheme of every configuration (for the prefilter, which must let through anyone some scheme can pay).
    public var all: [SubsidyScheme] { sets.flatMap(\.schemes) }

    /// The payments of `subjects` for `month`, each under the schemes of its own region.
    public func lines<Subject: SubsidySubject>(_ subjects: [Subject], in month: CalendarMonth) -> [SubsidyLine] {
        var groups: [Int: [Subject]] = [:]
        for subject in subjects {
            guard let index = index(for: subject.region) else { continue }
            groups[index, default: []].append(subject)
        }
        return groups.keys.sorted().flatMap { SubsidyCalculator.lines(sets[$0].schemes, groups[$0]!, in: month) }
    }
}
