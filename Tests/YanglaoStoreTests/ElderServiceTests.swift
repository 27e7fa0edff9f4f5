import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// Test people: valid ID numbers with their check characters computed.
enum People {
    static let wang = "410902194503151238"  // male, 1945-03-15
    static let li = "410928193602290048"  // female, 1936-02-29
    static let zhao = "410922192611010025"  // female, 1926-11-01
    static let today = CalendarDate(year: 2026, month: 11, day: 24)!

    static func input(_ id: String, name: String, region: String = "410902001001", categories: [ElderInput.CategoryInput] = []) -> ElderInput {
        ElderInput(
            citizenID: id, name: name, phone: "13812345678", address: "中原路1号", regionCode: region,
            categories: categories, contacts: [.init(name: "联系人", relation: "子女", phone: "13987654321")])
    }
}

@Suite struct ElderServiceTests {
    func service(_ app: Application, _ username: String) async throws -> ElderService {
        ElderService(app.context(as: try await app.actor(username), today: People.today))
    }

    @Test func aPersonIsStoredSealedAndReadBackInFullWithAnAuditEntry() async throws {
        try await withTestApp { app in
            let village = try await service(app, "village.410902001001")
            let created = try await village.create(People.input(People.wang, name: "王大爷", categories: [.init(category: "低保", since: "2020-01-01")]))
            #expect(created.idMasked == "410902********1238" && created.phoneMasked == "138****5678")
            #expect(!created.idCipher.contains("410902194503151238") && created.idCipher.hasPrefix("v1:"))
            #expect(created.birthDate == "1945-03-15" && created.sex == "male" && created.status == "active")

            let detail = try await village.detail(created.id!)
            #expect(detail.record.citizenID.value == People.wang)
            #expect(detail.record.phone?.value == "13812345678")
            #expect(detail.record.contacts.map(\.phone.value) == ["13987654321"])
            #expect(detail.record.categories(on: People.today) == [.minimumLiving, .advancedAge])
            let reads = try await AuditEntryModel.query(on: app.db).filter(\.$action == "elder.read").all()
            #expect(reads.count == 1 && reads[0].recordID == created.id!.uuidString && reads[0].actorUsername == "village.410902001001")
        }
    }

    @Test func oneIDNumberIsOnePersonInTheWholeSystem() async throws {
        try await withTestApp { app in
            _ = try await service(app, "village.410902001001").create(People.input(People.wang, name: "王大爷"))
            let other = try await service(app, "village.410922001001")
            await #expect(throws: AppError(.conflict, "citizen_id_registered_elsewhere", field: "citizenId")) {
                _ = try await other.create(People.input(People.wang, name: "冒名", region: "410922001001"))
            }
            let county = try await service(app, "county.410902")
            await #expect(throws: AppError.self) { _ = try await county.create(People.input(People.wang.lowercased(), name: "重复")) }
        }
    }

    @Test func aVillageOfficerReachesOnlyTheirVillage() async throws {
        try await withTestApp { app in
            let mine = try await service(app, "village.410902001001")
            let other = try await service(app, "village.410902001002")
            let person = try await mine.create(People.input(People.wang, name: "王大爷"))
            await #expect(throws: AppError(.notFound, "elder_not_found")) { _ = try await other.detail(person.id!) }
            await #expect(throws: AppError(.notFound, "elder_not_found")) { _ = try await other.update(person.id!, ElderInput(name: "改名")) }
            await #expect(throws: AppError(.forbidden, "region_forbidden", field: "regionCode", ["code": "410902001001"])) {
                _ = try await other.create(People.input(People.li, name: "李奶奶"))
            }
            #expect(try await other.list(ElderListFilter(), page: ListPage()).total == 0)
            #expect(try await mine.list(ElderListFilter(), page: ListPage()).total == 1)
            // Moving a person out of one's own region is refused too.
            await #expect(throws: AppError(.forbidden, "region_forbidden", field: "regionCode", ["code": "410902001002"])) {
                _ = try await mine.update(person.id!, ElderInput(regionCode: "410902001002"))
            }
        }
    }

    @Test func changesAreCheckedLikeNewRecordsAndAudited() async throws {
        try await withTestApp { app in
            let county = try await service(app, "county.410902")
            let person = try await county.create(People.input(People.wang, name: "王大爷"))
            let changed = try await county.update(person.id!, ElderInput(phone: "", regionCode: "410902001002", living: "独居"))
            #expect(changed.phoneMasked == nil && changed.regionCode == "410902001002" && changed.living == "alone")
            await #expect(throws: AppError(.invalidInput, "citizen_id_check", field: "citizenId", ["expected": "8", "found": "7"])) {
                _ = try await county.update(person.id!, ElderInput(citizenID: "410902194503151237"))
            }
            let entry = try await AuditEntryModel.query(on: app.db).filter(\.$action == "elder.update").first()
            #expect(entry?.detail == "phone,regionCode,living")
        }
    }

    @Test func deathIsFinalAndNeedsADate() async throws {
        try await withTestApp { app in
            let village = try await service(app, "village.410902001001")
            let person = try await village.create(People.input(People.wang, name: "王大爷"))
            await #expect(throws: AppError(.invalidInput, "required", field: "date")) {
                _ = try await village.changeStatus(person.id!, to: .deceased, on: nil, note: nil)
            }
            let dead = try await village.changeStatus(person.id!, to: .deceased, on: CalendarDate("2026-11-01"), note: "病故")
            #expect(dead.status == "deceased" && dead.statusDate == "2026-11-01")
            await #expect(throws: AppError(.conflict, "elder_status_change", field: "status", ["from": "deceased", "to": "active"])) {
                _ = try await village.changeStatus(person.id!, to: .active, on: nil, note: nil)
            }
        }
    }

    @Test func listsFilterByNameIDCategoryAgeAndStatus() async throws {
        try await withTestApp { app in
            let county = try await service(app, "county.410902")
            let wang = try await county.create(People.input(People.wang, name: "王大爷", categories: [.init(category: "低保")]))
            _ = try await county.create(
                People.input(People.li, name: "李奶奶", region: "410902001002", categories: [.init(category: "低保", until: "2025-12-31")]))
            _ = try await county.create(People.input(People.zhao, name: "赵奶奶"))
            func total(_ change: (inout ElderListFilter) -> Void) async throws -> [String] {
                var f = ElderListFilter()
                f.sort = .name
                change(&f)
                return try await county.list(f, page: ListPage()).items.map(\.person.name)
            }
            #expect(try await total { _ in }.count == 3)
            #expect(try await total { $0.name = "奶奶" } == ["李奶奶", "赵奶奶"].sorted())
            #expect(try await total { $0.citizenID = try! CitizenID(People.li, today: People.today) } == ["李奶奶"])
            #expect(try await total { $0.category = .minimumLiving } == ["王大爷"])  // 李's 低保 ended
            #expect(try await total { $0.category = .advancedAge }.count == 3)
            #expect(
                try await total {
                    $0.minAge = 90
                    $0.maxAge = 99
                } == ["李奶奶"])
            #expect(try await total { $0.minAge = 100 } == ["赵奶奶"])
            #expect(try await total { $0.region = RegionCode(validated: "410902001002") } == ["李奶奶"])
            _ = try await county.changeStatus(wang.id!, to: .movedAway, on: People.today, note: "迁往郑州")
            #expect(try await total { $0.status = .active }.count == 2)
            let listed = try await county.list(ElderListFilter(), page: ListPage()).items.first { $0.person.name == "赵奶奶" }
            #expect(listed?.categories == [.advancedAge])
        }
    }

    @Test func aCategoryListIsInRegionAndNameOrderAndFollowsARename() async throws {
        try await withTestApp { app in
            let county = try await service(app, "county.410902")
            let wang = try await county.create(People.input(People.wang, name: "王大爷", region: "410902001002", categories: [.init(category: "低保")]))
            _ = try await county.create(People.input(People.li, name: "李奶奶", region: "410902001002", categories: [.init(category: "低保")]))
            _ = try await county.create(People.input(People.zhao, name: "赵奶奶", categories: [.init(category: "低保")]))
            func names(_ sort: ElderListFilter.Sort, descending: Bool = false, status: ElderStatus? = nil) async throws -> [String] {
                var f = ElderListFilter()
                f.category = .minimumLiving
                f.sort = sort
                f.descending = descending
                f.status = status
                return try await county.list(f, page: ListPage()).items.map(\.person.name)
            }
            // 赵 lives in village …001001, the others in …001002; names sort by code point.
            #expect(try await names(.region) == ["赵奶奶", "李奶奶", "王大爷"])
            #expect(try await names(.region, descending: true) == ["王大爷", "李奶奶", "赵奶奶"])
            #expect(try await names(.name) == ["李奶奶", "王大爷", "赵奶奶"])
            _ = try await county.update(wang.id!, ElderInput(name: "安大爷"))
            #expect(try await names(.region) == ["赵奶奶", "安大爷", "李奶奶"])
            #expect(try await names(.name) == ["安大爷", "李奶奶", "赵奶奶"])
            _ = try await county.changeStatus(wang.id!, to: .movedAway, on: People.today, note: nil)
            #expect(try await names(.region, status: .active) == ["赵奶奶", "李奶奶"])
        }
    }

    @Test func statsCountByChildAgeBandSexAndCategory() async throws {
        try await withTestApp { app in
            let county = try await service(app, "county.410902")
            _ = try await county.create(People.input(People.wang, name: "王大爷", categories: [.init(category: "独居")]))
            _ = try await county.create(People.input(People.li, name: "李奶奶", region: "410902001002", categories: [.init(category: "独居")]))
            let zhao = try await county.create(People.input(People.zhao, name: "赵奶奶"))
            _ = try await county.changeStatus(zhao.id!, to: .deceased, on: People.today, note: nil)
            let township = try await county.stats(of: RegionCode(validated: "410902001000"))
            #expect(township.total == 2)
            #expect(township.byStatus == [.active: 2, .deceased: 1])
            #expect(township.byChild.map(\.count) == [1, 1])
            #expect(township.byAgeBand == [.from80: 1, .from90: 1])
            #expect(township.bySex == [.male: 1, .female: 1])
            #expect(township.byCategory[.livingAlone] == 2 && township.byCategory[.advancedAge] == 2)
            let city = try await service(app, "city")
            #expect(try await city.stats(of: RegionCode(validated: "410900000000")).byChild.first { $0.region.id == "410902000000" }?.count == 2)
        }
    }
}

@Suite struct DemoElderTests {
    @Test func theDemoRegisterHasValidNumbersThatMatchWhereAndWhenPeopleLive() async throws {
        try await withTestApp { app in
            let plan = DemoCityPlan(size: .tiny)
            try await DemoCityBuilder(plan: plan, hasher: app.passwordHasher).buildElders(on: app.db, protection: app.dataProtection)
            let people = DemoElderPlan(city: plan)
            #expect(try await ElderModel.query(on: app.db).count() == people.count && people.count == 26 * 8)
            let service = ElderService(app.context(as: .commandLine()))
            // The demo family account is bound to the first village's oldest person, and sees only them.
            let bound = try await DemoCityBuilder(plan: plan, hasher: app.passwordHasher).bindDemoFamily(on: app.db, protection: app.dataProtection)
            let firstVillage = plan.regions.first(where: { $0.code.level == .village })?.code.value
            let family = FamilyService(app.context(as: try await app.actor("elder")))
            let seen = try await family.mine().map(\.elder.id)
            #expect(bound != nil && seen == [bound?.id] && bound?.regionCode == firstVillage)
            for elder in try await ElderModel.query(on: app.db).all() {
                let full = try await service.detail(elder.id!).record
                #expect(full.citizenID.addressCode == String(elder.regionCode.prefix(6)))
                #expect(full.birthDate.description == elder.birthDate && full.birthDate.age(on: DemoElderPlan.referenceDay) >= 60)
                #expect(elder.idMasked == full.citizenID.masked)
            }
            // Everyone the register calls 失能 or 半失能 has the approved assessment that says so.
            let assessments = AssessmentService(service.context)
            for elder in try await ElderModel.query(on: app.db).with(\.$categories).all() {
                let active = Set(elder.categories.compactMap(\.membership).filter { $0.isActive(on: service.today) }.map(\.category))
                let level = try await assessments.current(of: elder.id!)?.finalLevel.flatMap(AbilityLevel.init(rawValue:))
                if active.contains(.disabled) { #expect(level.map { $0 >= .severe } == true, "\(elder.name)") }
                if active.contains(.semiDisabled) && !active.contains(.disabled) { #expect(level == .moderate, "\(elder.name)") }
            }
            #expect(try await AbilityAssessmentModel.query(on: app.db).count() > 0)
            // The same seed gives the same people.
            let again = people.elders(ofCounty: "410902", seed: plan.seed).map(\.citizenID)
            #expect(again == people.elders(ofCounty: "410902", seed: plan.seed).map(\.citizenID) && Set(again).count == again.count)
        }
    }
}

@Suite struct RegisterReadCacheTests {
    @Test func cachedStatsFollowEveryChangeOfTheRegister() async throws {
        try await withTestApp { app in
            let cache = RegisterReadCache()
            let county = ElderService(
                StoreContext(
                    database: app.db, actor: try await app.actor("county.410902"), protection: app.dataProtection,
                    today: People.today
                ).withNode { $0.registerReadCache = cache })
            let region = RegionCode(validated: "410902000000")
            #expect(try await county.stats(of: region).total == 0)
            let wang = try await county.create(People.input(People.wang, name: "王大爷", categories: [.init(category: "低保")]))
            #expect(try await county.stats(of: region).total == 1)
            _ = try await county.changeStatus(wang.id!, to: .deceased, on: People.today, note: nil)
            let after = try await county.stats(of: region)
            #expect(after.total == 0 && after.byStatus[.deceased] == 1)
            // A region moved into shows in the category list of its new village.
            let li = try await county.create(People.input(People.li, name: "李奶奶", categories: [.init(category: "独居")]))
            _ = try await county.update(li.id!, ElderInput(regionCode: "410902001002"))
            var f = ElderListFilter()
            f.category = .livingAlone
            f.region = RegionCode(validated: "410902001002")
            #expect(try await county.list(f, page: ListPage()).items.map(\.person.name) == ["李奶奶"])
            f.region = RegionCode(validated: "410902001001")
            #expect(try await county.list(f, page: ListPage()).total == 0)
        }
    }
}

/// Statistics are sums of per-village tallies that triggers mark for a recount.
@Suite struct VillageTallyTests {
    @Test func talliesFollowMovesCategoriesDeathsAndTheDay() async throws {
        try await withTestApp { app in
            let actor = try await app.actor("county.410902")
            func county(on day: CalendarDate = People.today) -> ElderService {
                ElderService(app.context(as: actor, today: day))
            }
            let region = RegionCode(validated: "410902000000")
            let village1 = RegionCode(validated: "410902001001")
            let village2 = RegionCode(validated: "410902001002")
            let wang = try await county().create(People.input(People.wang, name: "王大爷", categories: [.init(category: "低保")]))
            _ = try await county().create(People.input(People.li, name: "李奶奶", region: village2.value))
            var stats = try await county().stats(of: region)
            #expect(stats.total == 2 && stats.byCategory[.minimumLiving] == 1)
            #expect(try await county().stats(of: village1).total == 1)

            // A move changes both villages.
            _ = try await county().update(wang.id!, ElderInput(regionCode: village2.value))
            #expect(try await county().stats(of: village1).total == 0)
            #expect(try await county().stats(of: village2).total == 2)
            #expect(try await county().stats(of: village2).byCategory[.minimumLiving] == 1)

            // A category ending, then a death.
            _ = try await county().update(wang.id!, ElderInput(categories: []))
            #expect(try await county().stats(of: region).byCategory[.minimumLiving] == nil)
            _ = try await county().changeStatus(wang.id!, to: .deceased, on: People.today, note: nil)
            stats = try await county().stats(of: region)
            #expect(stats.total == 1 && stats.byStatus[.deceased] == 1 && stats.byStatus[.active] == 1)
            #expect(stats.byChild.first { $0.region.id == "410902001000" }?.count == 1)

            // Ten years on, everyone is in an older band: the tallies are recounted for the new day.
            let before = try await county().stats(of: region).byAgeBand
            let later = CalendarDate(year: People.today.year + 10, month: People.today.month, day: People.today.day)!
            let after = try await county(on: later).stats(of: region).byAgeBand
            #expect(before != after)
            #expect(after.values.reduce(0, +) == 1)

            // A damaged tally is recounted, not read as zero.
            let sql = app.db as! any SQLDatabase
            try await sql.update("village_tallies").set("counts", to: "1,x").where("village_code", .equal, village2.value).run()
            #expect(try await county(on: later).stats(of: region).total == 1)
        }
    }
}
