import Vapor
import YanglaoCore
import YanglaoStore

/// The register in the console: list, person, create/edit, status: `/elders…`.
struct ElderPages {
    typealias Option = Pages.Option
    typealias SortLink = Pages.SortLink

    struct Row: Encodable {
        let id: String, name: String, sex: String, age: Int, citizenId: String, phone: String
        let regionCode: String, regionName: String, enrolledOn: String, status: String, statusClass: String, categories: [String]
    }

    struct ListBody: Encodable {
        let rows: [Row]
        let canEdit: Bool
        let name: String, citizenId: String, region: String, minAge: String, maxAge: String
        let categories: [Option]
        let statuses: [Option]
        let enrolment: [Option]
        let columns: [SortLink]
        let pager: Pages.Pager
        let exportQuery: String
    }

    func boot(_ routes: any RoutesBuilder) {
        let elders = routes.grouped("elders")
        elders.get(use: list)
        elders.get("new", use: newForm)
        elders.get("export.xlsx", use: { req in try await ElderExport.response(req, format: "xlsx", defaultStatus: .active) })
        elders.get("export.csv", use: { req in try await ElderExport.response(req, format: "csv", defaultStatus: .active) })
        elders.post(use: create)
        elders.get(":id", use: show)
        elders.get(":id", "edit", use: editForm)
        elders.post(":id", use: update)
        elders.post(":id", "status", use: changeStatus)
        elders.post(":id", "thresholds", use: setThresholds)
    }

    func list(req: Request) async throws -> Response {
        let service = try req.elders
        try service.requireRead()
        let q = try ElderListQuery.query(req)
        // The register shows people in it (在册) unless asked otherwise. The console is
        // forgiving: a filter it cannot read is shown as an error and the list left unfiltered.
        var filter = ElderListFilter()
        filter.status = .active
        do { filter = try ElderListQuery.filter(from: q, req: req, today: service.today, defaultStatus: .active) } catch let e as AppError {
            Pages.flash(req, "error.\(e.code)", e.arguments, error: true)
        }
        let page = try req.pageRequest()
        let result = try await service.list(filter, page: page)
        var base = q.given
        base["sort"] = filter.sort.rawValue
        base["order"] = filter.descending ? "desc" : "asc"
        let sortLinks = Pages.sortLinks(
            [
                (ElderListFilter.Sort.name.rawValue, "elder_name"), (ElderListFilter.Sort.birthDate.rawValue, "elder_age"),
                (ElderListFilter.Sort.region.rawValue, "col_region"), (ElderListFilter.Sort.enrolledOn.rawValue, "elder_enrolled"),
            ],
            current: filter.sort.rawValue, descending: filter.descending, path: "/elders", query: base, req: req)
        let villages = try await RegionNames.of(result.items.map(\.person.regionCode), on: req.db)
        let body = ListBody(
            rows: result.items.map { item in
                let m = item.person
                return Row(
                    id: m.id.uuidString, name: m.name, sex: req.t("sex_\(m.sex)"), age: m.birth.age(on: service.today),
                    citizenId: m.idMasked, phone: m.phoneMasked ?? "", regionCode: m.regionCode,
                    regionName: villages[m.regionCode] ?? m.regionCode, enrolledOn: m.enrolledOn ?? "",
                    status: req.t("elder_status_\(m.status)"), statusClass: m.status == "active" ? "on" : "off",
                    categories: item.categories.map { req.t("category_\($0.rawValue)") })
            },
            canEdit: service.actor.role.canEditRegister,
            name: q.name ?? "", citizenId: q.citizenId ?? "", region: q.region ?? "", minAge: q.minAge ?? "", maxAge: q.maxAge ?? "",
            categories: [Option(value: "", label: req.t("all_categories"), selected: filter.category == nil)]
                + ElderCategory.allCases.map { Option(value: $0.rawValue, label: req.t("category_\($0.rawValue)"), selected: filter.category == $0) },
            statuses: [Option(value: "all", label: req.t("all_statuses"), selected: q.status == "all")]
                + ElderStatus.allCases.map { Option(value: $0.rawValue, label: req.t("elder_status_\($0.rawValue)"), selected: filter.status == $0) },
            enrolment: [("", "all_enrolment", nil), ("yes", "enrolled_yes", true), ("no", "enrolled_no", false)].map {
                Option(value: $0.0, label: req.t($0.1), selected: filter.enrolled == $0.2)
            },
            columns: sortLinks,
            pager: Pages.Pager(request: page, total: result.total, baseQuery: base, path: "/elders", req: req),
            exportQuery: Pages.link("", base))
        return try await Pages.render("register/elders", title: req.t("nav_elders"), body, for: req)
    }

    // MARK: Person

    struct Fact: Encodable {
        let label: String
        let value: String
    }
    struct DetailBody: Encodable {
        let id: String, name: String, status: String, statusClass: String, isDeceased: Bool, isActive: Bool
        let facts: [Fact]
        let categories: [Fact]
        let contacts: [Fact]
        let canEdit: Bool
        let statusOptions: [Option]
        let today: String
        let familyView: Bool
        let family: [FamilyRow]
        let assessments: [AssessmentRow]
        let eligibility: [EligibilityRow]
        let hasServiceList: Bool
        let canAssess: Bool
        let assessmentReasons: [Option]
        /// 智能终端与体征阈值, for those who register devices or handle alarms.
        let showDevices: Bool
        let devices: [DeviceRow]
        let thresholds: ReadingThresholds?
        let canSetThresholds: Bool
    }

    struct DeviceRow: Encodable {
        let serial: String
        let type: String
        let lastSeen: String
        let active: Bool
    }

    struct FamilyRow: Encodable {
        let userID: String
        let username: String
        let name: String
        let relation: String
    }
    struct EligibilityRow: Encodable {
        let name: String
        let eligible: Bool
        let explanation: String
    }
    struct AssessmentRow: Encodable {
        let id: String
        let assessedOn: String
        let reason: String
        let status: String
        let total: String
        let level: String
        let nextDue: String
        let current: Bool
        let overdue: Bool
    }

    func show(req: Request) async throws -> Response {
        let service = try req.elders
        let detail = try await service.detail(try EldersAPI.id(req))
        return try await renderDetail(req, detail, service: service, familyView: false)
    }

    /// The person's page: for officers (with status and family forms) or for the person's family.
    func renderDetail(_ req: Request, _ detail: ElderService.Detail, service: ElderService, familyView: Bool) async throws -> Response {
        let r = detail.record
        let m = detail.model
        let today = service.today
        let lineage = try await RegionNames.of(r.region.lineage.map(\.value), on: req.db)
        // 华龙区 胜利路街道 建设社区, the code beside it as a detail.
        let place = r.region.lineage.filter { $0.level >= .county }.compactMap { lineage[$0.value] }.joined(separator: " ")
        // The family reads its own person as a family does: the ID number masked, no map
        // coordinates, the place by name only.
        var facts = [
            Fact(label: req.t("elder_citizen_id"), value: familyView ? r.citizenID.masked : r.citizenID.value),
            Fact(label: req.t("elder_sex"), value: req.t("sex_\(r.sex.rawValue)")),
            Fact(label: req.t("elder_birth"), value: "\(r.birthDate) · \(req.t("elder_age_years", ["age": String(r.birthDate.age(on: today))]))"),
            Fact(label: req.t("elder_phone"), value: r.phone?.value ?? "—"),
            Fact(label: req.t("elder_address"), value: r.address.isEmpty ? "—" : r.address),
            Fact(
                label: req.t("col_region"),
                value: place.isEmpty ? r.region.value : familyView ? place : "\(place)（\(r.region.value)）"),
            Fact(
                label: req.t("elder_household"),
                value: r.household.isLocal ? req.t("household_local") : req.t("household_elsewhere") + (r.household.place.map { "（\($0)）" } ?? "")),
            Fact(label: req.t("elder_living"), value: r.living.map { req.t("living_\($0.rawValue)") } ?? "—"),
            Fact(label: req.t("elder_enrolled"), value: m.enrolledOn ?? "—"),
        ]
        if let former = m.formerRegionCode, let region = try await RegionModel.find(former, on: service.context.database) {
            let retired = region.retiredOn.map { req.t("region_retired_on", ["date": $0]) } ?? ""
            facts.insert(Fact(label: req.t("elder_former_region"), value: "\(region.name)（\(former)）\(retired)"), at: 6)
        }
        if let location = r.location, !familyView {
            facts.append(Fact(label: req.t("elder_location"), value: String(format: "%.6f, %.6f", location.latitude, location.longitude)))
        }
        if m.statusValue != .active {
            facts.append(Fact(label: req.t("elder_status_date"), value: [m.statusDate, m.statusNote].compactMap { $0 }.joined(separator: " · ")))
        }
        var categories = r.categories.map { c in
            Fact(
                label: req.t("category_\(c.category.rawValue)"),
                value: [
                    c.since.map { req.t("since_date", ["date": $0.description]) }, c.until.map { req.t("until_date", ["date": $0.description]) },
                    c.source,
                ]
                .compactMap { $0 }.joined(separator: " · "))
        }
        if r.categories(on: today).contains(.advancedAge) {
            categories.append(Fact(label: req.t("category_advanced_age"), value: req.t("derived_from_age")))
        }
        let next = ElderStatus.allCases.filter { m.statusValue.canChange(to: $0) }
        let decided = familyView ? (list: nil, decisions: []) : try await EligibilityService(service.context).decisions(for: m.id!)
        let eligibility = decided.decisions.map { EligibilityRow(name: $0.name, eligible: $0.eligible, explanation: $0.explanation) }
        let assessments =
            familyView
            ? []
            : try await AssessmentService(service.context).history(of: m.id!).map { a in
                AssessmentRow(
                    id: a.id!.uuidString, assessedOn: a.assessedOn, reason: a.reasonValue.chineseName,
                    status: req.t("assessment_status_\(a.status)"), total: a.total.map(String.init) ?? "—",
                    level: a.finalLevel.flatMap(AbilityLevel.init(rawValue:))?.chineseName ?? "—", nextDue: a.nextDue ?? "—",
                    current: a.current, overdue: a.current && (a.nextDue ?? "9999") < today.description)
            }
        let role = service.actor.role
        let showDevices = !familyView && (role.canManageDevices || role.canHandleAlarms)
        let devices = DeviceService(service.context)
        let body = DetailBody(
            id: m.id!.uuidString, name: r.name, status: req.t("elder_status_\(m.status)"), statusClass: m.status == "active" ? "on" : "off",
            isDeceased: m.statusValue == .deceased, isActive: m.statusValue == .active,
            facts: facts, categories: categories,
            contacts: r.contacts.map { Fact(label: "\($0.name)（\($0.relation)）", value: $0.phone.value) },
            canEdit: !familyView && service.actor.role.canEditRegister,
            statusOptions: next.map { Option(value: $0.rawValue, label: req.t("elder_status_to_\($0.rawValue)"), selected: false) },
            today: today.description, familyView: familyView,
            family: familyView
                ? []
                : try await FamilyService(service.context).bindings(of: m.id!).map {
                    FamilyRow(userID: $0.user.id!.uuidString, username: $0.user.username, name: $0.user.displayName, relation: $0.relation)
                },
            assessments: assessments,
            eligibility: eligibility, hasServiceList: decided.list != nil,
            canAssess: !familyView && service.actor.role.canAssess && m.statusValue == .active,
            assessmentReasons: AssessmentReason.allCases.map {
                Option(value: $0.rawValue, label: $0.chineseName, selected: $0 == (assessments.isEmpty ? .first : .regular))
            },
            showDevices: showDevices,
            devices: showDevices
                ? try await devices.list(elder: m.id!, page: try ListPage(page: 1, per: ListPage.maximumPer)).items.map {
                    DeviceRow(
                        serial: $0.serial, type: $0.typeValue?.chineseName ?? $0.type, lastSeen: $0.lastSeenAt.map(OrderView.time) ?? "—",
                        active: $0.active)
                } : [],
            thresholds: showDevices ? try await devices.thresholds(for: m.id!) : nil,
            canSetThresholds: showDevices && role.canManageDevices && m.statusValue == .active)
        return try await Pages.render("register/elder", title: r.name, body, for: req)
    }

    /// 体征报警阈值 from the person's page.
    func setThresholds(req: Request) async throws -> Response {
        let id = try EldersAPI.id(req)
        struct Form: Decodable {
            let heartRateLow: Int?
            let heartRateHigh: Int?
            let systolicLow: Int?
            let systolicHigh: Int?
            let spo2Low: Int?
        }
        do {
            guard let form = try? req.content.decode(Form.self), let hrLow = form.heartRateLow, let hrHigh = form.heartRateHigh,
                let sLow = form.systolicLow, let sHigh = form.systolicHigh, let spo2 = form.spo2Low
            else { throw AppError(.invalidInput, "thresholds_incomplete") }
            _ = try await req.devices.setThresholds(
                ReadingThresholds(
                    heartRateLow: hrLow, heartRateHigh: hrHigh, systolicLow: sLow,
                    systolicHigh: sHigh, spo2Low: spo2), for: id)
            Pages.flash(req, "flash_thresholds_saved")
        } catch let error as AppError where error.kind == .invalidInput {
            Pages.flash(req, "error.\(error.code)", error.arguments, error: true)
        }
        return req.redirect(to: "/elders/\(id.uuidString)#thresholds")
    }

    func changeStatus(req: Request) async throws -> Response {
        let service = try req.elders
        let id = try EldersAPI.id(req)
        struct Form: Decodable {
            let status: String?
            let date: String?
            let note: String?
        }
        let form = try req.content.decode(Form.self)
        do {
            let (status, day) = try EldersAPI.statusChange(status: form.status, date: form.date)
            _ = try await service.changeStatus(id, to: status, on: day, note: form.note)
            Pages.flash(req, "flash_elder_status")
        } catch let error as AppError where error.kind != .forbidden && error.kind != .notFound {
            Pages.flash(req, "error.\(error.code)", error.arguments, error: true)
        }
        return req.redirect(to: "/elders/\(id.uuidString)")
    }
}
