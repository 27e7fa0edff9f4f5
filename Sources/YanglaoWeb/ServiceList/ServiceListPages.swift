import Fluent
import Vapor
import YanglaoCore
import YanglaoStore

/// 基本养老服务清单 on the web: a plain public page of the lists in force (for elders and
/// families, no sign-in), and the officers' console to draft, edit and publish versions.
struct ServiceListPages {
    typealias Option = Pages.Option

    func bootPublic(_ routes: any RoutesBuilder) {
        routes.get("service-list", use: publicIndex)
        routes.get("service-list", ":list", use: publicList)
    }

    func boot(_ routes: any RoutesBuilder) {
        let lists = routes.grouped("service-lists")
        lists.get(use: manage)
        lists.post("draft", use: draft)
        lists.get(":list", use: edit)
        lists.post(":list", use: saveHeader)
        lists.post(":list", "items", use: saveItem)
        lists.post(":list", "items", ":code", "remove", use: removeItem)
        lists.post(":list", "publish", use: publish)
    }

    struct ItemRow: Encodable {
        let code: String, category: String, name: String, targetGroup: String, content: String, standard: String, payer: String,
            leadDepartment: String
    }
    struct Section: Encodable {
        let name: String
        let items: [ItemRow]
    }

    static func sections(_ items: [ServiceListItem]) -> [Section] {
        ServiceListCategory.allCases.compactMap { category in
            let rows = items.filter { $0.category == category }.map {
                ItemRow(
                    code: $0.code, category: category.chineseName, name: $0.name, targetGroup: $0.targetGroup, content: $0.content,
                    standard: $0.standard.chineseText, payer: $0.payer, leadDepartment: $0.leadDepartment)
            }
            return rows.isEmpty ? nil : Section(name: category.chineseName, items: rows)
        }
    }

    // MARK: Public

    struct IndexRow: Encodable {
        let id: String
        let region: String
        let regionCode: String
        let version: String
        let validFrom: String
    }
    struct IndexBody: Encodable { let rows: [IndexRow] }

    func publicIndex(req: Request) async throws -> Response {
        let lists = try await req.publishedServiceLists.allInForce()
        let names = try await regionNames(lists.map(\.regionCode), on: req.db)
        let rows = lists.map {
            IndexRow(
                id: $0.id!.uuidString, region: names[$0.regionCode] ?? $0.regionCode, regionCode: $0.regionCode,
                version: $0.version, validFrom: $0.validFrom)
        }
        return try await Pages.render("service-list/service-list-index", title: req.t("service_list_title"), IndexBody(rows: rows), for: req)
    }

    struct ListBody: Encodable {
        let id: String, region: String, version: String, validFrom: String, validTo: String, note: String, sections: [Section]
        let draft: Bool
    }

    func publicList(req: Request) async throws -> Response {
        guard let id = req.parameters.get("list").flatMap(UUID.init(uuidString:)) else { throw AppError(.notFound, "service_list_not_found") }
        let list = try await req.publishedServiceLists.published(id)
        return try await render(req, list, template: "service-list/service-list")
    }

    func render(_ req: Request, _ list: ServiceListModel, template: String) async throws -> Response {
        let region = try await regionNames([list.regionCode], on: req.db)[list.regionCode] ?? list.regionCode
        struct Body: Encodable { let list: ListBody }
        let body = ListBody(
            id: list.id!.uuidString, region: region, version: list.version, validFrom: list.validFrom, validTo: list.validTo ?? "",
            note: list.note, sections: Self.sections(list.items), draft: list.statusValue == .draft)
        return try await Pages.render(template, title: "\(region)\(req.t("service_list_title")) \(list.version)", Body(list: body), for: req)
    }

    func regionNames(_ codes: [String], on db: any Database) async throws -> [String: String] {
        try await RegionNames.of(codes, on: db)
    }

    // MARK: Console

    struct VersionRow: Encodable {
        let id: String, region: String, regionCode: String, version: String, validFrom: String, validTo: String, status: String, isDraft: Bool
    }
    struct ManageBody: Encodable {
        let rows: [VersionRow]
        let regions: [Option]
        let today: String
    }

    func manage(req: Request) async throws -> Response {
        let service = try req.serviceLists
        let lists = try await service.versions()
        let actor = try req.actor
        var regions: [RegionModel] = []
        if let mine = actor.region {
            regions = try await RegionModel.query(on: req.db).group(.or) { $0.filter(\.$id == mine.value).filter(\.$parentCode == mine.value) }.all()
        } else {
            regions = try await RegionModel.query(on: req.db).filter(\.$level ~~ [RegionLevel.province.rawValue, RegionLevel.city.rawValue]).all()
        }
        regions = regions.filter { [.province, .city, .county].contains(RegionCode(validated: $0.id!).level) }.sorted { $0.id! < $1.id! }
        let names = try await regionNames(lists.map(\.regionCode), on: req.db)
        let rows = lists.map { l in
            VersionRow(
                id: l.id!.uuidString, region: names[l.regionCode] ?? l.regionCode, regionCode: l.regionCode, version: l.version,
                validFrom: l.validFrom, validTo: l.validTo ?? "", status: req.t("service_list_status_\(l.status)"), isDraft: l.statusValue == .draft)
        }
        let body = ManageBody(
            rows: rows, regions: regions.map { Option(value: $0.id!, label: "\($0.name)（\($0.id!)）", selected: $0.id == actor.region?.value) },
            today: service.today.description)
        return try await Pages.render("service-list/service-lists", title: req.t("service_list_manage"), body, for: req)
    }

    func draft(req: Request) async throws -> Response {
        struct Form: Decodable {
            let regionCode: String?
            let version: String?
            let validFrom: String?
        }
        let form = try req.content.decode(Form.self)
        do {
            let region = try req.regionCode("regionCode", from: form.regionCode)
            let list = try await req.serviceLists.draftFromInForce(for: region, version: form.version ?? "", validFrom: form.validFrom ?? "")
            return req.redirect(to: "/service-lists/\(list.id!.uuidString)")
        } catch let error as AppError where error.kind == .invalidInput {
            Pages.flash(req, "error.\(error.code)", error.arguments, error: true)
            return req.redirect(to: "/service-lists")
        }
    }

    struct EditBody: Encodable {
        let list: ListBody
        let status: String
        let items: [EditItem]
        let categories: [Option]
        let kinds: [Option]
        let periods: [Option]
        let errors: [String]
    }
    struct EditItem: Encodable {
        let code: String, category: String, name: String, targetGroup: String, content: String, kind: String, value: String
        let period: String, note: String, payer: String, leadDepartment: String, standardText: String
    }

    func edit(req: Request) async throws -> Response {
        try await renderEdit(req, try await req.serviceLists.managed(try ServiceListAPI.id(req)))
    }

    func renderEdit(_ req: Request, _ list: ServiceListModel, problems: [AppError] = []) async throws -> Response {
        let region = try await regionNames([list.regionCode], on: req.db)[list.regionCode] ?? list.regionCode
        let body = EditBody(
            list: ListBody(
                id: list.id!.uuidString, region: region, version: list.version, validFrom: list.validFrom, validTo: list.validTo ?? "",
                note: list.note, sections: Self.sections(list.items), draft: list.statusValue == .draft),
            status: req.t("service_list_status_\(list.status)"),
            items: list.items.map { i in
                EditItem(
                    code: i.code, category: i.category.rawValue, name: i.name, targetGroup: i.targetGroup, content: i.content,
                    kind: i.standard.kind.rawValue,
                    value: i.standard.kind == .amount ? ServiceStandard.yuanText(i.standard.value) : String(i.standard.value),
                    period: i.standard.period.rawValue, note: i.standard.note, payer: i.payer, leadDepartment: i.leadDepartment,
                    standardText: i.standard.chineseText)
            },
            categories: ServiceListCategory.allCases.map { Option(value: $0.rawValue, label: $0.chineseName, selected: false) },
            kinds: ServiceStandard.Kind.allCases.map { Option(value: $0.rawValue, label: req.t("service_standard_\($0.rawValue)"), selected: false) },
            periods: ServicePeriod.allCases.map { Option(value: $0.rawValue, label: $0.chineseName, selected: false) },
            errors: problems.map { req.t("error.\($0.code)", $0.arguments) })
        return try await Pages.render(
            "service-list/service-list-edit", title: "\(region) \(list.version)", body, for: req, status: problems.isEmpty ? .ok : .badRequest)
    }

    func saveHeader(req: Request) async throws -> Response {
        let service = try req.serviceLists
        let list = try await service.managed(try ServiceListAPI.id(req))
        struct Form: Decodable {
            let version: String?
            let validFrom: String?
            let validTo: String?
            let note: String?
        }
        let form = try req.content.decode(Form.self)
        return try await saving(req, list) {
            try await service.update(
                list.id!,
                ServiceListDraft(
                    version: form.version ?? "", validFrom: form.validFrom ?? "",
                    validTo: form.validTo, items: list.items, note: form.note ?? ""))
        }
    }

    /// Adds an item, or replaces the one with the same code.
    func saveItem(req: Request) async throws -> Response {
        let service = try req.serviceLists
        let list = try await service.managed(try ServiceListAPI.id(req))
        let f = try req.content.decode([String: String].self)
        var problems: [AppError] = []
        let category = ServiceListCategory(rawValue: f["category"] ?? "")
        if category == nil { problems.append(AppError(.invalidInput, "required", field: "category")) }
        let kind = ServiceStandard.Kind(rawValue: f["kind"] ?? "") ?? .text
        let period = ServicePeriod(rawValue: f["period"] ?? "") ?? .month
        var value = 0
        if kind != .text {
            let text = (f["value"] ?? "").trimmingCharacters(in: .whitespaces)
            if kind == .amount, let yuan = Self.fen(fromYuan: text) {
                value = yuan
            } else if kind == .frequency, let n = Int(text) {
                value = n
            } else {
                problems.append(AppError(.invalidInput, "service_list_value_invalid", field: "value", ["value": text]))
            }
        }
        guard problems.isEmpty, let category else { return try await renderEdit(req, list, problems: problems) }
        let item = ServiceListItem(
            code: (f["code"] ?? "").trimmingCharacters(in: .whitespaces), category: category, name: f["name"] ?? "",
            targetGroup: f["targetGroup"] ?? "", content: f["content"] ?? "",
            standard: ServiceStandard(kind: kind, value: value, period: period, note: f["note"] ?? ""),
            payer: f["payer"] ?? "", leadDepartment: f["leadDepartment"] ?? "")
        problems = ServiceListRules.problems([item])
        guard problems.isEmpty else { return try await renderEdit(req, list, problems: problems) }
        var items = list.items
        if let i = items.firstIndex(where: { $0.code == item.code }) { items[i] = item } else { items.append(item) }
        return try await saving(req, list) {
            try await service.update(
                list.id!, ServiceListDraft(version: list.version, validFrom: list.validFrom, validTo: list.validTo, items: items, note: list.note))
        }
    }

    func removeItem(req: Request) async throws -> Response {
        let service = try req.serviceLists
        let list = try await service.managed(try ServiceListAPI.id(req))
        let code = req.parameters.get("code") ?? ""
        return try await saving(req, list) {
            try await service.update(
                list.id!,
                ServiceListDraft(
                    version: list.version, validFrom: list.validFrom, validTo: list.validTo,
                    items: list.items.filter { $0.code != code }, note: list.note))
        }
    }

    func publish(req: Request) async throws -> Response {
        let service = try req.serviceLists
        let list = try await service.managed(try ServiceListAPI.id(req))
        return try await saving(req, list, flash: "flash_service_list_published") { try await service.publish(list.id!) }
    }

    /// Runs a change; a refused one re-shows the list with every reason.
    func saving(_ req: Request, _ list: ServiceListModel, flash: String = "flash_saved", _ change: () async throws -> ServiceListModel) async throws
        -> Response
    {
        do {
            let saved = try await change()
            Pages.flash(req, flash)
            return req.redirect(to: "/service-lists/\(saved.id!.uuidString)")
        } catch let error as AppError where error.kind == .invalidInput || error.kind == .conflict {
            return try await renderEdit(req, try await req.serviceLists.managed(list.id!), problems: error.problems)
        }
    }

    /// "12.5" or "12.50" yuan to 1250 fen; nil for anything else (negative, three decimals, words).
    static func fen(fromYuan text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0, whole < 100_000_000 else { return nil }
        guard parts.count == 2 else { return whole * 100 }
        let fraction = String(parts[1])
        guard (1...2).contains(fraction.count), fraction.allSatisfy(\.isASCII),
            let cents = Int(fraction.padding(toLength: 2, withPad: "0", startingAt: 0))
        else { return nil }
        return whole * 100 + cents
    }
}
