/// A guardian or emergency contact (监护人/紧急联系人).
public struct Contact: Sendable, Hashable {
    public var name: String
    public var relation: String
    public var phone: PhoneNumber

    public init(name: String, relation: String, phone: PhoneNumber) {
        self.name = name
        self.relation = relation
        self.phone = phone
    }
}

/// 户籍: registered here or elsewhere, and where.
public struct Household: Sendable, Hashable, Codable {
    public var isLocal: Bool
    public var place: String?

    public init(isLocal: Bool, place: String? = nil) {
        self.isLocal = isLocal
        self.place = place
    }
}

/// A person of the register (老年人信息) as the rules accept it: every field checked.
public struct ElderRecord: Sendable, Hashable {
    public var citizenID: CitizenID
    public var name: String
    public var phone: PhoneNumber?
    public var address: String
    /// The village or community the person lives in.
    public var region: RegionCode
    public var location: GeoPoint?
    public var household: Household
    public var living: LivingSituation?
    public var enrolledOn: CalendarDate?
    public var categories: [CategoryMembership]
    public var contacts: [Contact]

    public var birthDate: CalendarDate { citizenID.birthDate }
    public var sex: Sex { citizenID.sex }

    public init(
        citizenID: CitizenID, name: String, phone: PhoneNumber? = nil, address: String, region: RegionCode,
        location: GeoPoint? = nil, household: Household = Household(isLocal: true), living: LivingSituation? = nil,
        enrolledOn: CalendarDate? = nil, categories: [CategoryMembership] = [], contacts: [Contact] = []
    ) {
        self.citizenID = citizenID
        self.name = name
        self.phone = phone
        self.address = address
        self.region = region
        self.location = location
        self.household = household
        self.living = living
        self.enrolledOn = enrolledOn
        self.categories = categories
        self.contacts = contacts
    }

    /// Categories in force on `day`, with 高龄 added from the age.
    public func categories(on day: CalendarDate) -> Set<ElderCategory> {
        var set = Set(categories.filter { $0.isActive(on: day) }.map(\.category))
        if birthDate.age(on: day) >= ElderCategory.advancedAgeFrom { set.insert(.advancedAge) }
        return set
    }
}
