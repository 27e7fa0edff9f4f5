import Fluent
import Vapor
import YanglaoCore
import YanglaoStore

extension Request {
    var subsidyRuns: SubsidyRunService {
        get throws { SubsidyRunService(try context) }
    }
}

struct SubsidyRunDTO: Content {
    struct Total: Content {
        let township: String
        let scheme: String
        let count: Int
        let fen: Int
    }
    let id: UUID
    let regionCode: String
    let month: String
    let status: String
    let lineCount: Int
    let totalFen: Int
    let computations: Int
    let computedAt: Date
    let approvedBy: String?
    let approvedAt: Date?
    let totals: [Total]?

    init(_ r: SubsidyRunModel, totals: [(township: String, scheme: String, count: Int, fen: Int)]? = nil) {
        id = r.id!
        regionCode = r.regionCode
        month = r.month
        status = r.status
        lineCount = r.lineCount
        totalFen = r.totalFen
        computations = r.computations
        computedAt = r.computedAt
        approvedBy = r.approvedBy
        approvedAt = r.approvedAt
        self.totals = totals?.map { Total(township: $0.township, scheme: $0.scheme, count: $0.count, fen: $0.fen) }
    }
}

struct SubsidyChangeDTO: Content {
    let versus: String
    let kind: String
    let scheme: String
    let elderId: UUID
    let payee: String
    let beforeFen: Int?
    let afterFen: Int?
    let reason: String
    init(_ c: SubsidyChangeModel) {
        versus = c.versus
        kind = c.kind
        scheme = c.scheme
        elderId = c.elderID
        payee = c.payee
        beforeFen = c.beforeFen
        afterFen = c.afterFen
        reason = c.reason
    }
}

/// 补贴发放 over HTTP (`/api/v1/subsidy-runs…`) and in the console (`/subsidies…`): compute a
/// month, see totals per township and scheme and every change with its reason, approve,
/// and download payment lists (XLSX) per township and scheme whose totals are the screen's.
struct SubsidyRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let runs = routes.grouped("subsidy-runs")
        runs.get(use: { req in Page(all: try await req.subsidyRuns.visibleRuns().map { SubsidyRunDTO($0) }, request: try req.pageRequest()) })
        runs.post(use: computeAPI)
        runs.get(":run", use: showAPI)
        runs.get(":run", "changes", use: { req in Page(all: try await changes(req).map(SubsidyChangeDTO.init), request: try req.pageRequest()) })
        runs.post(":run", "approve", use: { req in SubsidyRunDTO(try await req.subsidyRuns.approve(try id(req))) })
        runs.get(":run", "payments.xlsx", use: paymentList)
        runs.get(":run", "bank-file.xlsx", use: bankFile)
        routes.get("elders", ":id", "payee-account", use: showAccount)
        routes.put("elders", ":id", "payee-account", use: setAccount)
    }

    struct AccountDTO: Content {
        let bank: String
        let account: String
        let holder: String
    }

    func showAccount(req: Request) async throws -> AccountDTO {
        guard let account = try await req.elders.payeeAccount(of: try EldersAPI.id(req)) else { throw AppError(.notFound, "payee_account_none") }
        return AccountDTO(bank: account.bankName, account: account.accountMasked, holder: account.holderName)
    }

    func setAccount(req: Request) async throws -> AccountDTO {
        struct Body: Content {
            let bank: String?
            let account: String?
            let holder: String?
        }
        let body = try req.content.decode(Body.self)
        let account = try await req.elders.setPayeeAccount(
            of: try EldersAPI.id(req), bank: body.bank ?? "", number: body.account ?? "", holder: body.holder ?? "")
        return AccountDTO(bank: account.bankName, account: account.accountMasked, holder: account.holderName)
    }

    func bootPages(_ routes: any RoutesBuilder) {
        let pages = routes.grouped("subsidies")
        pages.get(use: listPage)
        pages.post(use: computePage)
        pages.get(":run", use: runPage)
        pages.post(":run", "approve", use: approvePage)
        pages.get(":run", "payments.xlsx", use: paymentList)
        pages.get(":run", "bank-file.xlsx", use: bankFile)
    }

    func id(_ req: Request) throws -> UUID {
        try req.uuid("run", notFound: "subsidy_run_not_found")
    }

    func changes(_ req: Request) async throws -> [SubsidyChangeModel] {
        let service = try req.subsidyRuns
        return try await service.changes(of: try await service.run(try id(req)))
    }

    struct ComputeBody: Content {
        let month: String?
        let region: String?
    }

    func compute(_ req: Request, _ body: ComputeBody) async throws -> SubsidyRunReport {
        guard let month = body.month.flatMap(CalendarMonth.init) else {
            throw AppError(.invalidInput, "month_invalid", field: "month", ["value": body.month ?? ""])
        }
        let region = try body.region.flatMap { $0.isEmpty ? nil : $0 }.map { try req.regionCode("region", from: $0) }
        return try await req.subsidyRuns.run(month, in: region)
    }

    func computeAPI(req: Request) async throws -> Response {
        let report = try await compute(req, try req.content.decode(ComputeBody.self))
        struct Out: Content {
            let run: SubsidyRunDTO
            let changed: Bool
            let people: Int
            let recomputation: Int
            let previousMonth: Int
        }
        let response = Response(status: report.changed && report.run.computations == 1 ? .created : .ok)
        try response.content.encode(
            Out(
                run: SubsidyRunDTO(report.run), changed: report.changed, people: report.people,
                recomputation: report.recomputation.count, previousMonth: report.previousMonth.count))
        return response
    }

    func showAPI(req: Request) async throws -> SubsidyRunDTO {
        let service = try req.subsidyRuns
        let run = try await service.run(try id(req))
        return SubsidyRunDTO(run, totals: try await service.totals(of: run))
    }

    /// The run of the path, and the township and scheme the query narrows its payments to.
    func runAndFilter(_ req: Request, _ service: SubsidyRunService) async throws -> (SubsidyRunModel, RegionCode?, String?) {
        struct Q: Decodable {
            let township: String?
            let scheme: String?
        }
        let q = try req.query.decode(Q.self)
        let township = try q.township.flatMap { $0.isEmpty ? nil : $0 }.map { try req.regionCode("township", from: $0) }
        return (try await service.run(try id(req)), township, q.scheme.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// 发放名单: one township's (or all) payments of one scheme (or all), with a total row.
    func paymentList(req: Request) async throws -> Response {
        let service = try req.subsidyRuns
        let (run, township, scheme) = try await runAndFilter(req, service)
        let lines = try await service.payments(of: run, township: township, scheme: scheme)
        let (masked, accounts) = try await service.payees(of: lines)
        let names = try await schemeNames(req, run)
        let villages = try await RegionNames.of(lines.map(\.regionCode), on: req.db)
        var rows = [["序号", "姓名", "身份证号", "所属村（社区）", "村（社区）代码", "补贴项目", "金额（元）", "发放方式", "开户银行", "账号", "计算依据"]]
        for (i, l) in lines.enumerated() {
            let account = l.form == "voucher" ? nil : accounts[l.elderID]
            rows.append([
                String(i + 1), l.payee, masked[l.elderID] ?? "", villages[l.regionCode] ?? "", l.regionCode, names[l.scheme] ?? l.scheme,
                ServiceStandard.yuanText(l.fen), l.form == "voucher" ? "服务券" : "现金", account?.bankName ?? "", account?.accountMasked ?? "",
                l.explanation,
            ])
        }
        rows.append(["合计", "\(lines.count) 人次", "", "", "", "", ServiceStandard.yuanText(lines.reduce(0) { $0 + $1.fen }), "", "", "", ""])
        try await AuditLog.record(
            on: req.db, actor: try req.actor, action: "subsidy.export", recordType: "subsidy_run", recordID: run.id?.uuidString,
            region: township ?? run.region, detail: "\(run.month) scheme=\(scheme ?? "all") rows=\(lines.count)")
        let name = "\(run.month)补贴发放名单" + (township.map { "-\($0.value)" } ?? "") + (scheme.map { "-\(names[$0] ?? $0)" } ?? "")
        return try Downloads.table(rows, name: name, format: "xlsx", numberColumns: [0, 6])
    }

    /// 银行代发文件: the transfers of an approved run with full account numbers (county and
    /// city officers only, audited); payments without an account follow, listed, not transferred.
    func bankFile(req: Request) async throws -> Response {
        let service = try req.subsidyRuns
        let (run, township, scheme) = try await runAndFilter(req, service)
        let file = try await service.bankFile(of: run, township: township, scheme: scheme)
        let names = try await schemeNames(req, run)
        let villages = try await RegionNames.of(file.transfers.map(\.regionCode) + file.withoutAccount.map(\.regionCode), on: req.db)
        var rows = [["序号", "户名", "账号", "开户银行", "金额（元）", "摘要", "领取人", "所属村（社区）", "村（社区）代码"]]
        for (i, t) in file.transfers.enumerated() {
            rows.append([
                String(i + 1), t.holder, t.account, t.bank, ServiceStandard.yuanText(t.fen), "\(file.month) \(names[t.scheme] ?? t.scheme)", t.payee,
                villages[t.regionCode] ?? "", t.regionCode,
            ])
        }
        rows.append(["合计", "\(file.transfers.count) 笔", "", "", ServiceStandard.yuanText(file.totalFen), "", "", "", ""])
        if !file.withoutAccount.isEmpty {
            rows.append([])
            rows.append(["以下 \(file.withoutAccount.count) 笔缺少银行账户，未列入代发", "", "", "", "", "", "", "", ""])
            rows.append(["姓名", "身份证号", "所属村（社区）", "村（社区）代码", "金额（元）", "补贴项目", "", "", ""])
            for u in file.withoutAccount {
                rows.append([
                    u.payee, u.idMasked, villages[u.regionCode] ?? "", u.regionCode, ServiceStandard.yuanText(u.fen), names[u.scheme] ?? u.scheme, "",
                    "", "",
                ])
            }
        }
        let name = "\(run.month)补贴银行代发文件" + (township.map { "-\($0.value)" } ?? "") + (scheme.map { "-\(names[$0] ?? $0)" } ?? "")
        return try Downloads.table(rows, name: name, format: "xlsx", numberColumns: [0, 4])
    }

    func schemeNames(_ req: Request, _ run: SubsidyRunModel) async throws -> [String: String] {
        let schemes = try await SubsidyConfiguration(try req.context).schemes(for: run.region)
        return Dictionary(schemes.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: Console

    struct RunRow: Encodable {
        let id: String
        let month: String
        let region: String
        let regionName: String
        let status: String
        let approved: Bool
        let count: Int
        let total: String
    }

    struct CoveringRow: Encodable {
        let month: String
        let regionName: String
        let status: String
    }

    struct ListBody: Encodable {
        let rows: [RunRow]
        /// Months the region above computed for this region's people.
        let covering: [CoveringRow]
        let month: String
        let region: String
        let canRun: Bool
    }

    func listPage(req: Request) async throws -> Response {
        let service = try req.subsidyRuns
        let runs = try await service.visibleRuns()
        let covering = try await service.coveringRuns()
        let names = try await RegionNames.of(runs.map(\.regionCode) + covering.map(\.regionCode), on: req.db)
        let role = service.context.actor.role
        let body = ListBody(
            rows: runs.map { r in
                RunRow(
                    id: r.id!.uuidString, month: r.month, region: r.regionCode, regionName: names[r.regionCode] ?? r.regionCode,
                    status: req.t("subsidy_status_\(r.status)"), approved: r.statusValue == .approved, count: r.lineCount,
                    total: ServiceStandard.yuanText(r.totalFen))
            },
            covering: covering.map {
                CoveringRow(month: $0.month, regionName: names[$0.regionCode] ?? $0.regionCode, status: req.t("subsidy_status_\($0.status)"))
            },
            month: CalendarMonth(service.context.today).description, region: service.context.actor.region?.value ?? "",
            canRun: role.canEditRegister || role == .cityOfficer)
        return try await Pages.render("subsidies/subsidies", title: req.t("nav_subsidies"), body, for: req)
    }

    func computePage(req: Request) async throws -> Response {
        do {
            let report = try await compute(req, try req.content.decode(ComputeBody.self))
            Pages.flash(req, report.changed ? "flash_subsidy_computed" : "flash_subsidy_unchanged", ["count": String(report.run.lineCount)])
            return req.redirect(to: "/subsidies/\(report.run.id!.uuidString)")
        } catch let error as AppError where error.kind == .invalidInput || error.kind == .conflict {
            Pages.flash(req, "error.\(error.code)", error.arguments, error: true)
            return req.redirect(to: "/subsidies")
        }
    }

    struct TotalRow: Encodable {
        let township: String
        let townshipCode: String
        let scheme: String
        let schemeCode: String
        let count: Int
        let total: String
        let href: String
    }
    struct ChangeRow: Encodable {
        let kind: String
        let scheme: String
        let payee: String
        let before: String
        let after: String
        let reason: String
        let elderID: String
    }
    struct RunBody: Encodable {
        let id: String
        let month: String
        let region: String
        let regionName: String
        let status: String
        let approved: Bool
        let computations: Int
        let count: Int
        let total: String
        let totals: [TotalRow]
        let previousMonth: [ChangeRow]
        let recomputation: [ChangeRow]
        let canApprove: Bool
        let approvedBy: String
        let canExportBankFile: Bool
    }

    func runPage(req: Request) async throws -> Response {
        let service = try req.subsidyRuns
        let run = try await service.run(try id(req))
        let names = try await schemeNames(req, run)
        var approver = ""
        if let username = run.approvedBy { approver = ActorLabel.text(username, names: try await ActorLabel.names([username], on: req.db), req: req) }
        let sums = try await service.totals(of: run)
        let townships = try await RegionNames.of(sums.map(\.township), on: req.db)
        let totals = sums.map { t in
            TotalRow(
                township: townships[t.township] ?? t.township, townshipCode: t.township, scheme: names[t.scheme] ?? t.scheme, schemeCode: t.scheme,
                count: t.count,
                total: ServiceStandard.yuanText(t.fen),
                href: Pages.link("/subsidies/\(run.id!.uuidString)/payments.xlsx", ["township": t.township, "scheme": t.scheme]))
        }
        let changes = try await service.changes(of: run).map { c in
            (
                c.versus,
                ChangeRow(
                    kind: req.t("subsidy_change_\(c.kind)"), scheme: names[c.scheme] ?? c.scheme, payee: c.payee,
                    before: c.beforeFen.map { ServiceStandard.yuanText($0) } ?? "—", after: c.afterFen.map { ServiceStandard.yuanText($0) } ?? "—",
                    reason: c.reason, elderID: c.elderID.uuidString)
            )
        }
        let role = service.context.actor.role
        let regionName = try await RegionNames.of([run.regionCode], on: req.db)[run.regionCode] ?? run.regionCode
        let body = RunBody(
            id: run.id!.uuidString, month: run.month, region: run.regionCode, regionName: regionName, status: req.t("subsidy_status_\(run.status)"),
            approved: run.statusValue == .approved, computations: run.computations, count: run.lineCount,
            total: ServiceStandard.yuanText(run.totalFen), totals: totals,
            previousMonth: changes.filter { $0.0 == "previous_month" }.map(\.1), recomputation: changes.filter { $0.0 == "recomputation" }.map(\.1),
            canApprove: run.statusValue == .computed && (role == .countyOfficer || role == .cityOfficer || role == .systemAdmin),
            approvedBy: approver,
            canExportBankFile: run.statusValue == .approved && (role == .countyOfficer || role == .cityOfficer || role == .systemAdmin))
        return try await Pages.render("subsidies/subsidy-run", title: "\(run.month) \(req.t("nav_subsidies"))", body, for: req)
    }

    func approvePage(req: Request) async throws -> Response {
        let id = try id(req)
        do {
            _ = try await req.subsidyRuns.approve(id)
            Pages.flash(req, "flash_subsidy_approved")
        } catch let error as AppError where error.kind == .conflict {
            Pages.flash(req, "error.\(error.code)", error.arguments, error: true)
        }
        return req.redirect(to: "/subsidies/\(id.uuidString)")
    }
}

extension SubsidyScheme: Content {}

/// 补贴项目配置: the schemes that apply in a region, read by every officer, set by the city
/// and county as JSON (API) or in the console's JSON editor, each checked.
struct SubsidySchemeRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("subsidy-schemes", use: { req in try await schemesOf(req).schemes })
        routes.put("subsidy-schemes", use: setAPI)
    }

    func bootPages(_ routes: any RoutesBuilder) {
        routes.get("subsidies", "schemes", use: page)
        routes.post("subsidies", "schemes", use: setPage)
    }

    func region(_ req: Request) throws -> RegionCode {
        let text = (try? req.query.get(String.self, at: "region")).flatMap { $0.isEmpty ? nil : $0 }
        return try text.map { try req.regionCode("region", from: $0) } ?? (try req.currentUser.user.region)
    }

    func schemesOf(_ req: Request) async throws -> (region: RegionCode, schemes: [SubsidyScheme]) {
        let service = try req.elders
        try service.requireRead()
        let code = try region(req)
        do { try service.scoped.authorize(code) } catch { throw AppError(.forbidden, "region_forbidden", field: "region", ["code": code.value]) }
        return (code, try await SubsidyConfiguration(try req.context).schemes(for: code))
    }

    func setAPI(req: Request) async throws -> [SubsidyScheme] {
        let schemes = try req.content.decode([SubsidyScheme].self)
        let code = try region(req)
        try await SubsidyConfiguration(try req.context).configure(code, schemes: schemes)
        return schemes
    }

    struct Row: Encodable {
        let code: String
        let name: String
        let who: String
        let amount: String
        let timing: String
        let form: String
    }
    struct Body: Encodable {
        let region: String
        let regionName: String
        let rows: [Row]
        let json: String
        let canEdit: Bool
        let error: String?
    }

    func page(req: Request) async throws -> Response {
        try await render(req, json: nil, error: nil)
    }

    func render(_ req: Request, json: String?, error: String?) async throws -> Response {
        let (code, schemes) = try await schemesOf(req)
        let rows = schemes.map { s in
            Row(
                code: s.code, name: s.name, who: s.eligibility?.chineseText ?? s.requirements.map(\.label).joined(separator: "，"),
                amount: s.amountText, timing: req.t("subsidy_timing_\(s.timing.rawValue)"), form: req.t("subsidy_form_\(s.form.rawValue)"))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = json ?? String(decoding: (try? encoder.encode(schemes)) ?? Data("[]".utf8), as: UTF8.self)
        let role = try req.actor.role
        let regionName = try await RegionNames.of([code.value], on: req.db)[code.value] ?? code.value
        let body = Body(
            region: code.value, regionName: regionName, rows: rows, json: text,
            canEdit: role.canManageServiceList && [.province, .city, .county].contains(code.level),
            error: error)
        return try await Pages.render(
            "subsidies/subsidy-schemes", title: req.t("subsidy_schemes"), body, for: req, status: error == nil ? .ok : .badRequest)
    }

    func setPage(req: Request) async throws -> Response {
        struct Form: Decodable { let schemes: String? }
        let text = try req.content.decode(Form.self).schemes ?? ""
        let schemes: [SubsidyScheme]
        do { schemes = try JSONDecoder().decode([SubsidyScheme].self, from: Data(text.utf8)) } catch {
            return try await render(req, json: text, error: req.t("error.subsidy_schemes_json", ["detail": "\(error)".prefix(300).description]))
        }
        do {
            try await SubsidyConfiguration(try req.context).configure(try region(req), schemes: schemes)
        } catch let error as AppError where error.kind == .invalidInput {
            return try await render(req, json: text, error: error.problems.map { req.t("error.\($0.code)", $0.arguments) }.joined(separator: " "))
        }
        Pages.flash(req, "flash_saved")
        return req.redirect(to: "/subsidies/schemes")
    }
}
