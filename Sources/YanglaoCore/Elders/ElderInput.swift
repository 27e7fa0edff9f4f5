/// A person as typed into a form, sent to the API or read from an import row: text and
/// optional values, not yet checked. `validate` turns it into an `ElderRecord` or lists
/// every problem, each naming its field, so a form or an import report can show them all.
public struct ElderInput: Sendable, Equatable {
    public struct CategoryInput: Sendable, Equatable, Codable {
        public var category: String
        public var since: String?
        public var until: String?
        public var source: String?
        public init(category: String, since: String? = nil, until: String? = nil, source: String? = nil) {
            self.category = category
            self.since = since
            self.until = until
            self.source = source
        }
    }

    public struct ContactInput: Sendable, Equatable, Codable {
        public var name: String?
        public var relation: String?
        public var phone: String?
        public init(name: String?, relation: String?, phone: String?) {
            self.name = name
            self.relation = relation
            self.phone = phone
        }
    }

    public var citizenID: String?
    public var name: String?
    public var phone: String?
    public var address: String?
    public var regionCode: String?
    public var latitude: Double?
    public var longitude: Double?
    public var householdLocal: Bool?
    public var householdPlace: String?
    public var living: String?
    public var enrolledOn: String?
    public var categories: [CategoryInput]?
    public var contacts: [ContactInput]?

    public init(
        citizenID: String? = nil, name: String? = nil, phone: String? = nil, address: String? = nil,
        regionCode: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
        householdLocal: Bool? = nil, householdPlace: String? = nil, living: String? = nil,
        enrolledOn: String? = nil, categories: [CategoryInput]? = nil, contacts: [ContactInput]? = nil
    ) {
        self.citizenID = citizenID
        self.name = name
        self.phone = phone
        self.address = address
        self.regionCode = regionCode
        self.latitude = latitude
        self.longitude = longitude
        self.householdLocal = householdLocal
        self.householdPlace = householdPlace
        self.living = living
        self.enrolledOn = enrolledOn
        self.categories = categories
        self.contacts = contacts
    }

    /// The result of checking an input: the record when nothing is wrong, every problem
    /// otherwise, and warnings that do not stop it (a 15-digit number upgraded).
    public struct Checked: Sendable {
        public let record: ElderRecord?
        public let problems: [AppError]
        public let warnings: [AppError]
    }

    public static let maxNameLength = 50
    public static let maxAddressLength = 200
    public static let maxContacts = 5

    /// Checks every field as of `today`. `defaultSource` is the source of categories that name none.
    public func validate(today: CalendarDate, defaultSource: String) -> Checked {
        var problems: [AppError] = []
        var warnings: [AppError] = []
        func problem(_ code: String, _ field: String, _ args: [String: String] = [:]) {
            problems.append(AppError(.invalidInput, code, field: field, args))
        }

        var id: CitizenID?
        do {
            id = try CitizenID(citizenID ?? "", today: today)
            if id!.upgradedFromLegacy {
                warnings.append(AppError(.invalidInput, "citizen_id_upgraded", field: "citizenId", ["value": id!.value]))
            }
        } catch { problems.append(error.appError(field: "citizenId")) }

        let cleanName = (name ?? "").trimmingSpaces
        if cleanName.isEmpty {
            problem("required", "name")
        } else if cleanName.count > Self.maxNameLength {
            problem("too_long", "name", ["maximum": String(Self.maxNameLength)])
        }
        // Digits (also full-width) are typing slips; Chinese numerals are ordinary name characters (张三, 王二).
        else if cleanName.contains(where: { $0.isASCIIDigit || ("０"..."９").contains($0) || "<>\"\\".contains($0) }) {
            problem("name_invalid", "name")
        }

        var phoneNumber: PhoneNumber?
        if let text = phone, !text.trimmingSpaces.isEmpty {
            do { phoneNumber = try PhoneNumber(text) } catch { problems.append(error.appError(field: "phone")) }
        }

        let cleanAddress = (address ?? "").trimmingSpaces
        if cleanAddress.count > Self.maxAddressLength { problem("too_long", "address", ["maximum": String(Self.maxAddressLength)]) }

        var region: RegionCode?
        let regionText = (regionCode ?? "").trimmingSpaces
        if regionText.isEmpty {
            problem("required", "regionCode")
        } else {
            do {
                let code = try RegionCode(regionText)
                if code.level == .village { region = code } else { problem("elder_region_not_village", "regionCode", ["code": code.value]) }
            } catch { problems.append(error.appError(field: "regionCode")) }
        }

        var location: GeoPoint?
        switch (latitude, longitude) {
        case (nil, nil): break
        case (let lat?, let lon?):
            if !(-90...90).contains(lat) {
                problem("out_of_range", "latitude", ["minimum": "-90", "maximum": "90"])
            } else if !(-180...180).contains(lon) {
                problem("out_of_range", "longitude", ["minimum": "-180", "maximum": "180"])
            } else {
                location = GeoPoint(latitude: lat, longitude: lon)
            }
        case (nil, _): problem("required", "latitude")
        case (_, nil): problem("required", "longitude")
        }

        var living: LivingSituation?
        if let text = self.living, !text.trimmingSpaces.isEmpty {
            living = LivingSituation(text: text)
            if living == nil { problem("living_invalid", "living", ["value": text]) }
        }

        let enrolled = date(enrolledOn, field: "enrolledOn", today: today, problems: &problems)

        var memberships: [CategoryMembership] = []
        for (i, input) in (categories ?? []).enumerated() {
            let field = "categories[\(i)]"
            guard let category = ElderCategory(text: input.category) else {
                problem("category_invalid", field, ["value": input.category])
                continue
            }
            if category.isDerived {
                problem("category_derived", field, ["value": category.rawValue])
                continue
            }
            let since = date(input.since, field: field + ".since", today: today, problems: &problems)
            let until = date(input.until, field: field + ".until", today: nil, problems: &problems)
            if let since, let until, until < since {
                problem("date_order", field + ".until")
                continue
            }
            let source = (input.source ?? "").trimmingSpaces
            let membership = CategoryMembership(
                category: category, since: since, until: until,
                source: source.isEmpty ? defaultSource : String(source.prefix(40)))
            if memberships.contains(where: { $0.category == category }) {
                problem("category_repeated", field, ["value": category.rawValue])
            } else {
                memberships.append(membership)
            }
        }

        var contactList: [Contact] = []
        if (contacts ?? []).count > Self.maxContacts { problem("too_many", "contacts", ["maximum": String(Self.maxContacts)]) }
        for (i, input) in (contacts ?? []).prefix(Self.maxContacts).enumerated() {
            let field = "contacts[\(i)]"
            let cname = (input.name ?? "").trimmingSpaces
            let relation = (input.relation ?? "").trimmingSpaces
            if cname.isEmpty {
                problem("required", field + ".name")
                continue
            }
            if cname.count > Self.maxNameLength {
                problem("too_long", field + ".name", ["maximum": String(Self.maxNameLength)])
                continue
            }
            do {
                let number = try PhoneNumber(input.phone ?? "")
                contactList.append(Contact(name: cname, relation: String(relation.prefix(20)), phone: number))
            } catch { problems.append(error.appError(field: field + ".phone")) }
        }

        let household = Household(
            isLocal: householdLocal ?? true,
            place: householdPlace.map(\.trimmingSpaces).flatMap { $0.isEmpty ? nil : String($0.prefix(100)) })

        guard problems.isEmpty, let id, let region else { return Checked(record: nil, problems: problems, warnings: warnings) }
        let record = ElderRecord(
            citizenID: id, name: cleanName, phone: phoneNumber, address: cleanAddress, region: region,
            location: location, household: household, living: living, enrolledOn: enrolled,
            categories: memberships, contacts: contactList)
        return Checked(record: record, problems: [], warnings: warnings)
    }

    /// An optional date field: empty is nil; otherwise a real day, not after `today` when given.
    private func date(_ text: String?, field: String, today: CalendarDate?, problems: inout [AppError]) -> CalendarDate? {
        guard let text, !text.trimmingSpaces.isEmpty else { return nil }
        guard let day = CalendarDate(text) else {
            problems.append(AppError(.invalidInput, "day_invalid", field: field, ["value": text]))
            return nil
        }
        if let today, day > today {
            problems.append(AppError(.invalidInput, "date_in_future", field: field, ["value": day.description]))
            return nil
        }
        return day
    }
}

extension CitizenID.Problem {
    public func appError(field: String) -> AppError {
        switch self {
        case .empty: AppError(.invalidInput, "required", field: field)
        case .length(let n): AppError(.invalidInput, "citizen_id_length", field: field, ["length": String(n)])
        case .character(let position, let found):
            AppError(.invalidInput, "citizen_id_character", field: field, ["position": String(position), "found": found])
        case .province(let p): AppError(.invalidInput, "citizen_id_province", field: field, ["value": p])
        case .birthDate(let text): AppError(.invalidInput, "citizen_id_birth_date", field: field, ["value": text])
        case .birthDateInFuture(let d): AppError(.invalidInput, "citizen_id_birth_future", field: field, ["value": d.description])
        case .checkCharacter(let expected, let found):
            AppError(.invalidInput, "citizen_id_check", field: field, ["expected": expected, "found": found])
        }
    }
}

extension PhoneNumber.Problem {
    public func appError(field: String) -> AppError {
        switch self {
        case .empty: AppError(.invalidInput, "required", field: field)
        case .character(let c): AppError(.invalidInput, "phone_character", field: field, ["found": c])
        case .shape(let text): AppError(.invalidInput, "phone_invalid", field: field, ["value": text])
        }
    }
}
