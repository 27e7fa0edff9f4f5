/// 主动发现: records other departments send about people, and what each one does.
/// A record is matched on the ID number; some act at once (a death marks the person
/// deceased), every match becomes a work item for the person's village with a suggested
/// action, and unmatched records are kept and listed.
public enum FeedSource: String, Sendable, CaseIterable, Codable {
    /// 公安: deaths and household moves.
    case publicSecurity = "public_security"
    /// 卫健: chronic illness.
    case health
    /// 残联: disability certificates.
    case disability
    /// 民政: 低保 and 特困 status.
    case civilAffairs = "civil_affairs"

    public var events: [FeedEvent] {
        switch self {
        case .publicSecurity: [.death, .moveOut]
        case .health: [.chronicIllness]
        case .disability: [.disabilityCertificate]
        case .civilAffairs: [.minimumLivingStart, .minimumLivingEnd, .extremePovertyStart, .extremePovertyEnd]
        }
    }
}

public enum FeedEvent: String, Sendable, CaseIterable, Codable {
    case death
    case moveOut = "move_out"
    case chronicIllness = "chronic_illness"
    case disabilityCertificate = "disability_certificate"
    case minimumLivingStart = "minimum_living_start"
    case minimumLivingEnd = "minimum_living_end"
    case extremePovertyStart = "extreme_poverty_start"
    case extremePovertyEnd = "extreme_poverty_end"

    public var chineseName: String {
        switch self {
        case .death: "死亡"
        case .moveOut: "户籍迁出"
        case .chronicIllness: "慢性病"
        case .disabilityCertificate: "残疾证"
        case .minimumLivingStart: "纳入低保"
        case .minimumLivingEnd: "退出低保"
        case .extremePovertyStart: "纳入特困"
        case .extremePovertyEnd: "退出特困"
        }
    }

    public init?(text: String) {
        let t = text.trimmingSpaces
        if let e = FeedEvent(rawValue: t) {
            self = e
            return
        }
        guard let e = Self.allCases.first(where: { $0.chineseName == t }) else { return nil }
        self = e
    }
}

/// One record of a feed, checked.
public struct FeedRecord: Sendable, Equatable {
    public let citizenID: CitizenID
    public let event: FeedEvent
    public let date: CalendarDate
    /// Free text from the sender: a diagnosis, a destination, a certificate level (`一级`/`1`).
    public let detail: String

    public init(citizenID: CitizenID, event: FeedEvent, date: CalendarDate, detail: String) {
        self.citizenID = citizenID
        self.event = event
        self.date = date
        self.detail = detail
    }
}

/// 待办: what a village or township is asked to do about a person.
public enum WorkItemKind: String, Sendable, CaseIterable, Codable {
    case verifyDeath = "verify_death"
    case confirmMoveOut = "confirm_move_out"
    case healthVisit = "health_visit"
    case disabilityReview = "disability_review"
    case categoryChanged = "category_changed"
    case reachedAge80 = "reached_age_80"
    case reachedAge90 = "reached_age_90"
    case reachedAge100 = "reached_age_100"
}

/// What a matched feed record does: changes made at once, and the work item raised.
public struct FeedConsequence: Sendable, Equatable {
    public enum Change: Sendable, Equatable {
        case markDeceased(CalendarDate)
        case startCategory(ElderCategory, since: CalendarDate)
        case endCategory(ElderCategory, until: CalendarDate)
    }
    public let changes: [Change]
    public let workItem: WorkItemKind

    public init(changes: [Change], workItem: WorkItemKind) {
        self.changes = changes
        self.workItem = workItem
    }
}

public enum FeedRules {
    /// The rule table. A death acts at once (the register's `PersonStatusChanged` event
    /// cancels open orders; a subsidy run pays nobody out of the register); a move is only suggested, since people keep living where they did
    /// until the village confirms; 低保/特困 changes follow 民政's own decision at once;
    /// a level 1 or 2 certificate (重度残疾) adds 重残 at once.
    public static func consequence(of record: FeedRecord) -> FeedConsequence {
        switch record.event {
        case .death:
            FeedConsequence(changes: [.markDeceased(record.date)], workItem: .verifyDeath)
        case .moveOut:
            FeedConsequence(changes: [], workItem: .confirmMoveOut)
        case .chronicIllness:
            FeedConsequence(changes: [], workItem: .healthVisit)
        case .disabilityCertificate:
            FeedConsequence(
                changes: isSevere(record.detail) ? [.startCategory(.severeDisability, since: record.date)] : [],
                workItem: .disabilityReview)
        case .minimumLivingStart:
            FeedConsequence(changes: [.startCategory(.minimumLiving, since: record.date)], workItem: .categoryChanged)
        case .minimumLivingEnd:
            FeedConsequence(changes: [.endCategory(.minimumLiving, until: record.date)], workItem: .categoryChanged)
        case .extremePovertyStart:
            FeedConsequence(changes: [.startCategory(.extremePoverty, since: record.date)], workItem: .categoryChanged)
        case .extremePovertyEnd:
            FeedConsequence(changes: [.endCategory(.extremePoverty, until: record.date)], workItem: .categoryChanged)
        }
    }

    /// A certificate of level 1 or 2 (一级/二级, `1`, `2级`, `level 1`).
    static func isSevere(_ detail: String) -> Bool {
        let t = detail.trimmingSpaces.lowercased()
        if t.contains("一级") || t.contains("二级") { return true }
        let digits = t.drop { !$0.isNumber }.prefix { $0.isASCIIDigit }
        return digits == "1" || digits == "2"
    }

    /// People who reach 80, 90 or 100 in the days after `since` up to and including `today`,
    /// as (age reached, day): the daily discovery run. 29 February birthdays count on 1 March in common years.
    public static func milestones(birth: CalendarDate, after since: CalendarDate, upTo today: CalendarDate) -> [(age: Int, on: CalendarDate)] {
        [80, 90, 100].compactMap { age in
            let day = birth.anniversary(age)
            return day > since && day <= today ? (age, day) : nil
        }
    }

    public static func milestoneKind(age: Int) -> WorkItemKind? {
        switch age {
        case 80: .reachedAge80
        case 90: .reachedAge90
        case 100: .reachedAge100
        default: nil
        }
    }
}
