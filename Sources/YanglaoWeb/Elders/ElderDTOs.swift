import Vapor
import YanglaoCore
import YanglaoStore

/// A person as the API accepts it (create and change). Every field is optional here; the
/// register's rules say which are required.
struct ElderInputBody: Content {
    var citizenId: String?
    var name: String?
    var phone: String?
    var address: String?
    var regionCode: String?
    var latitude: Double?
    var longitude: Double?
    var householdLocal: Bool?
    var householdPlace: String?
    var living: String?
    var enrolledOn: String?
    var categories: [ElderInput.CategoryInput]?
    var contacts: [ElderInput.ContactInput]?

    var input: ElderInput {
        ElderInput(
            citizenID: citizenId, name: name, phone: phone, address: address, regionCode: regionCode,
            latitude: latitude, longitude: longitude, householdLocal: householdLocal, householdPlace: householdPlace,
            living: living, enrolledOn: enrolledOn, categories: categories, contacts: contacts)
    }
}

struct StatusChangeBody: Content {
    let status: String
    let date: String?
    let note: String?
}

/// A person in a list: masked numbers, no contacts.
struct ElderSummaryDTO: Content {
    let id: UUID
    let citizenId: String
    let name: String
    let sex: String
    let birthDate: String
    let age: Int
    let phone: String?
    let regionCode: String
    let address: String
    let status: String
    let statusDate: String?
    let categories: [String]

    init(_ m: ElderListRow, categories: [ElderCategory], today: CalendarDate) {
        id = m.id
        citizenId = m.idMasked
        name = m.name
        sex = m.sex
        birthDate = m.birthDate
        age = m.birth.age(on: today)
        phone = m.phoneMasked
        regionCode = m.regionCode
        address = m.address
        status = m.status
        statusDate = m.statusDate
        self.categories = categories.map(\.rawValue)
    }
}

/// A person in full, numbers in clear: only from the audited detail read.
struct ElderDetailDTO: Content {
    struct CategoryDTO: Content {
        let category: String
        let since: String?
        let until: String?
        let source: String
    }
    struct ContactDTO: Content {
        let name: String
        let relation: String
        let phone: String
    }

    let id: UUID
    let citizenId: String
    let name: String
    let sex: String
    let birthDate: String
    let age: Int
    let phone: String?
    let address: String
    let regionCode: String
    let latitude: Double?
    let longitude: Double?
    let householdLocal: Bool
    let householdPlace: String?
    let living: String?
    let status: String
    let statusDate: String?
    let statusNote: String?
    let enrolledOn: String?
    let formerRegionCode: String?
    let categories: [CategoryDTO]
    let derivedCategories: [String]
    let contacts: [ContactDTO]
    let createdAt: Date?
    let updatedAt: Date?

    init(_ d: ElderService.Detail, today: CalendarDate) {
        let r = d.record
        let m = d.model
        id = m.id!
        citizenId = r.citizenID.value
        name = r.name
        sex = r.sex.rawValue
        birthDate = r.birthDate.description
        age = r.birthDate.age(on: today)
        phone = r.phone?.value
        address = r.address
        regionCode = r.region.value
        latitude = r.location?.latitude
        longitude = r.location?.longitude
        householdLocal = r.household.isLocal
        householdPlace = r.household.place
        living = r.living?.rawValue
        status = m.status
        statusDate = m.statusDate
        statusNote = m.statusNote
        enrolledOn = r.enrolledOn?.description
        formerRegionCode = m.formerRegionCode
        categories = r.categories.map {
            CategoryDTO(category: $0.category.rawValue, since: $0.since?.description, until: $0.until?.description, source: $0.source)
        }
        derivedCategories = r.categories(on: today).filter(\.isDerived).map(\.rawValue)
        contacts = r.contacts.map { ContactDTO(name: $0.name, relation: $0.relation, phone: $0.phone.value) }
        createdAt = m.createdAt
        updatedAt = m.updatedAt
    }
}

struct ElderStatsDTO: Content {
    struct ChildCount: Content {
        let code: String
        let name: String
        let count: Int
    }
    let regionCode: String
    let regionName: String
    let date: String
    let total: Int
    let byStatus: [String: Int]
    let byChild: [ChildCount]
    let byAgeBand: [String: Int]
    let bySex: [String: Int]
    let byCategory: [String: Int]
    /// 入网: people of the register with an enrolment date.
    let enrolled: Int
    /// The statistical population of the region, when figures are known, set against the register.
    let population: PopulationDTO?

    struct PopulationDTO: Content {
        let year: Int
        let source: String
        let residents: Int
        let aged60: Int
        let aged65: Int?
        let aged80: Int?
        /// Regions whose figures are summed (1: the region's own).
        let regions: Int
        /// 60+ as a share of the residents (statistical).
        let share60: Double
        /// People of 60 and over in the register.
        let registered60: Int
        /// 底数 not yet found: the statistical 60+ less the register's 60+.
        let notYetRegistered60: Int
        /// 入网率: people enrolled as a share of the statistical 60+.
        let enrolmentRate: Double?
    }

    init(_ s: ElderStats, population known: PopulationService.Known? = nil) {
        regionCode = s.region.id!
        regionName = s.region.name
        date = s.today.description
        total = s.total
        byStatus = Dictionary(uniqueKeysWithValues: ElderStatus.allCases.map { ($0.rawValue, s.byStatus[$0] ?? 0) })
        byChild = s.byChild.map { ChildCount(code: $0.region.id!, name: $0.region.name, count: $0.count) }
        byAgeBand = Dictionary(uniqueKeysWithValues: AgeBand.allCases.map { ($0.rawValue, s.byAgeBand[$0] ?? 0) })
        bySex = Dictionary(uniqueKeysWithValues: Sex.allCases.map { ($0.rawValue, s.bySex[$0] ?? 0) })
        byCategory = Dictionary(uniqueKeysWithValues: ElderCategory.allCases.map { ($0.rawValue, s.byCategory[$0] ?? 0) })
        enrolled = s.enrolled
        population = known.map { k in
            let f = k.figures
            let registered60 = AgeBand.allCases.filter { $0.lowerAge >= 60 }.reduce(0) { $0 + (s.byAgeBand[$1] ?? 0) }
            return PopulationDTO(
                year: f.year, source: f.source, residents: f.residents, aged60: f.aged60, aged65: f.aged65, aged80: f.aged80,
                regions: k.regions, share60: f.share60, registered60: registered60, notYetRegistered60: f.aged60 - registered60,
                enrolmentRate: f.aged60 > 0 ? Double(s.enrolled) / Double(f.aged60) : nil)
        }
    }
}
