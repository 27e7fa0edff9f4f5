import Foundation

/// 角色: who a user is on the platform (SPEC §0). Every account has exactly one role and is
/// bound to one region; it sees that region's subtree.
public enum Role: String, CaseIterable, Sendable, Codable {
    case systemAdmin = "system_admin"
    case cityOfficer = "city_officer"
    case countyOfficer = "county_officer"
    case townshipOfficer = "township_officer"
    case villageOfficer = "village_officer"
    case hotlineOperator = "hotline_operator"
    case providerAdmin = "provider_admin"
    case serviceWorker = "service_worker"
    case institutionStaff = "institution_staff"
    case assessor
    case inspector
    case volunteer
    case elderFamily = "elder_family"

    /// Levels an account of this role may be bound to.
    public var allowedLevels: Set<RegionLevel> {
        switch self {
        case .systemAdmin: [.province, .city]
        case .cityOfficer: [.city]
        case .countyOfficer: [.county]
        case .townshipOfficer: [.township]
        case .villageOfficer: [.village]
        case .hotlineOperator, .inspector: [.city, .county]
        case .assessor, .providerAdmin: [.city, .county, .township]
        case .institutionStaff, .serviceWorker: [.county, .township, .village]
        case .volunteer, .elderFamily: [.township, .village]
        }
    }

    /// Can manage accounts inside their subtree.
    public var canManageUsers: Bool { self == .systemAdmin }

    /// Can import and change the region tree inside their subtree.
    public var canManageRegions: Bool { self == .systemAdmin }

    /// Works for one provider (its administrator or one of its workers): sees that provider's
    /// records only, never a competitor's in the same county.
    public var isProviderBound: Bool { self == .providerAdmin || self == .serviceWorker }

    /// Can list and read the elder register (老年人信息) of their subtree.
    public var canReadRegister: Bool {
        switch self {
        case .systemAdmin, .cityOfficer, .countyOfficer, .townshipOfficer, .villageOfficer, .hotlineOperator, .assessor, .inspector: true
        default: false
        }
    }

    /// Can draft and publish the 基本养老服务清单 of their region (and of counties below a city).
    public var canManageServiceList: Bool { self == .systemAdmin || self == .cityOfficer || self == .countyOfficer }

    /// Can conduct ability assessments (fill in, save, submit) of people in their subtree.
    public var canAssess: Bool { self == .assessor || self == .systemAdmin }

    /// Can approve an assessment or return it to the assessor: the township or county reviewer.
    public var canReviewAssessments: Bool { self == .townshipOfficer || self == .countyOfficer || self == .systemAdmin }

    /// Can add, change and import people of the register in their subtree: the levels that keep the 底数 current.
    public var canEditRegister: Bool {
        switch self {
        case .systemAdmin, .countyOfficer, .townshipOfficer, .villageOfficer: true
        default: false
        }
    }

    /// Can send other departments' records (feeds) into the register: a city-wide duty.
    public var canReceiveFeeds: Bool { self == .systemAdmin || self == .cityOfficer }

    /// Can read the audit log of their subtree.
    public var canReadAudit: Bool { self == .systemAdmin || self == .cityOfficer || self == .countyOfficer }

    /// Can place, cancel, rate and complain about service orders for people of their region
    /// (officers and the hotline; a family account does it for its own people only).
    public var canOrderForElders: Bool {
        [.systemAdmin, .countyOfficer, .townshipOfficer, .villageOfficer, .hotlineOperator].contains(self)
    }

    /// Can close complaints and review quality flags of their region's orders (the township and county 复核).
    public var canReviewOrders: Bool { [.systemAdmin, .cityOfficer, .countyOfficer, .townshipOfficer].contains(self) }

    /// Can admit, reject, suspend and reinstate service providers and manage their workers (county and city).
    public var canDecideProviders: Bool { [.countyOfficer, .cityOfficer, .systemAdmin].contains(self) }

    /// Can read the service providers of their region.
    public var canReadProviders: Bool { isOfficer || [.hotlineOperator, .inspector, .providerAdmin].contains(self) }

    /// Can see and handle the alarms of their region on the board (the hotline and the township upwards).
    public var canHandleAlarms: Bool { [.systemAdmin, .cityOfficer, .countyOfficer, .townshipOfficer, .hotlineOperator].contains(self) }

    /// Can register and retire the devices of people of their region.
    public var canManageDevices: Bool {
        [.systemAdmin, .countyOfficer, .townshipOfficer, .villageOfficer, .hotlineOperator].contains(self)
    }

    /// An officer of government at some level (sees statistics of their subtree).
    /// 驾驶舱: the figures of the region's subtree (aggregates; the people behind a number
    /// only through the lists the role may read).
    public var canReadStatistics: Bool { isOfficer || self == .inspector }

    public var isOfficer: Bool {
        switch self {
        case .systemAdmin, .cityOfficer, .countyOfficer, .townshipOfficer, .villageOfficer: true
        default: false
        }
    }
}

public enum AccountRuleViolation: Error, Equatable, Sendable {
    case roleNotAllowedAtLevel(Role, RegionLevel)
    case usernameInvalid
    case passwordTooShort(minimum: Int)
    case passwordTooWeak
    case displayNameInvalid
}

/// Rules for creating and changing accounts, kept pure so the CLI, the API and the console agree.
public enum AccountRules {
    public static let minimumPasswordLength = 10

    public static func checkBinding(role: Role, region: RegionCode) throws(AccountRuleViolation) {
        guard role.allowedLevels.contains(region.level) else {
            throw .roleNotAllowedAtLevel(role, region.level)
        }
    }

    /// 3–64 characters of lower-case letters, digits, dot, dash and underscore, starting with a letter or digit.
    public static func checkUsername(_ name: String) throws(AccountRuleViolation) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (3...64).contains(name.count), name.allSatisfy(allowed.contains),
            let first = name.first, first.isLetter || first.isNumber
        else { throw .usernameInvalid }
    }

    public static func checkPassword(_ password: String) throws(AccountRuleViolation) {
        guard password.count >= minimumPasswordLength else { throw .passwordTooShort(minimum: minimumPasswordLength) }
        let hasLetter = password.contains { $0.isLetter }
        let hasOther = password.contains { !$0.isLetter }
        guard hasLetter && hasOther, Set(password).count >= 4 else { throw .passwordTooWeak }
    }

    public static func checkDisplayName(_ name: String) throws(AccountRuleViolation) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...64).contains(trimmed.count), !trimmed.contains(where: { $0.isNewline }) else {
            throw .displayNameInvalid
        }
    }
}
