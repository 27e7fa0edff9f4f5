import Fluent
import Vapor
import YanglaoCore
import YanglaoStore

/// 服务商管理 in the console: the region's providers with their status and rating, an
/// application form, and a provider's page with the county's decision, its workers (duty,
/// new workers) and the monthly settlement statement. `/providers…`.
struct ProviderPages {
    struct Row: Encodable {
        let id: String
        let name: String
        let county: String
        let countyCode: String
        let status: String
        let statusCode: String
        let services: String
        let labels: [String]
        let rating: String
    }

    struct ListBody: Encodable {
        let rows: [Row]
        let statuses: [Pages.Option]
        let county: String
        let q: String
        let canApply: Bool
        let canSetMode: Bool
        let modeCounty: String
        let modes: [Pages.Option]
    }

    func boot(_ routes: any RoutesBuilder) {
        routes.get("providers", use: list)
        routes.get("providers", "new", use: newForm)
        routes.post("providers", use: apply)
        routes.get("providers", ":provider", use: show)
        routes.post("providers", ":provider", "decision", use: decide)
        routes.post("providers", ":provider", "admin", use: linkAdmin)
        routes.post("providers", "dispatch-mode", use: dispatchMode)
        routes.post("providers", ":provider", "workers", use: addWorker)
        routes.post("providers", ":provider", "workers", ":worker", "duty", use: duty)
        routes.get("providers", ":provider", "workers", ":worker", "edit", use: editWorker)
        routes.post("providers", ":provider", "workers", ":worker", use: updateWorker)
        routes.get("providers", ":provider", "settlement.xlsx", use: { req in try await ProvidersAPI().settlement(req: req) })
    }

    static func services(_ codes: [String], _ req: Request) -> String {
        codes.compactMap { ServiceCatalogue.type($0) }.map { req.locale == .en ? $0.englishName : $0.name }.joined(separator: "、")
    }

    static func rating(_ p: ProviderModel) -> String { p.ratingCount == 0 ? "—" : String(format: "%.2f（%d）", p.rating, p.ratingCount) }

    func list(req: Request) async throws -> Response {
        struct Q: Decodable {
            let county: String?
            let status: String?
            let q: String?
        }
        let q = try req.query.decode(Q.self)
        let providers = try req.providers
        let county = try q.county.flatMap { $0.isEmpty ? nil : $0 }.map { try req.regionCode("county", from: $0) }
        let status = q.status.flatMap(ProviderStatus.init(rawValue:))
        let found = try await providers.list(in: county, status: status, search: q.q)
        let counties = try await RegionNames.of(found.map(\.regionCode), on: req.db)
        let rows = found.map { p in
            Row(
                id: p.id!.uuidString, name: p.name, county: counties[p.regionCode] ?? p.regionCode, countyCode: p.regionCode,
                status: req.t("provider_status_\(p.status)"), statusCode: p.status,
                services: Self.services(p.application.serviceTypes, req), labels: p.application.labels, rating: Self.rating(p))
        }
        let role = providers.context.actor.role
        // The county whose 派单模式 the page shows: the officer's own, or the one filtered on.
        let modeCounty = (county ?? providers.context.actor.region)?.county
        var currentMode: DispatchMode?
        if let modeCounty { currentMode = try await req.orders.dispatchMode(of: modeCounty) }
        let body = ListBody(
            rows: rows,
            statuses: [Pages.Option(value: "", label: req.t("all_statuses"), selected: status == nil)]
                + ProviderStatus.allCases.map {
                    Pages.Option(value: $0.rawValue, label: req.t("provider_status_\($0.rawValue)"), selected: status == $0)
                },
            county: q.county ?? "", q: q.q ?? "", canApply: role == .providerAdmin || role.canDecideProviders,
            canSetMode: role.canDecideProviders, modeCounty: modeCounty?.value ?? "",
            modes: DispatchMode.allCases.map {
                Pages.Option(value: $0.rawValue, label: req.t("dispatch_mode_\($0.rawValue)"), selected: $0 == currentMode)
            })
        return try await Pages.render("providers/providers", title: req.t("nav_providers"), body, for: req)
    }

    struct FormBody: Encodable {
        let problems: [String]
        let values: [String: String]
        let services: [Pages.Option]
    }

    func newForm(req: Request) async throws -> Response {
        try await renderForm(req, problems: [], values: ["county": String(try req.actor.region?.value.prefix(6) ?? "") + "000000"], chosen: [])
    }

    func renderForm(_ req: Request, problems: [String], values: [String: String], chosen: Set<String>, status: HTTPResponseStatus = .ok) async throws
        -> Response
    {
        let services = ServiceCatalogue.example.map {
            Pages.Option(value: $0.code, label: req.locale == .en ? $0.englishName : $0.name, selected: chosen.contains($0.code))
        }
        return try await Pages.render(
            "providers/provider-form", title: req.t("provider_new_title"), FormBody(problems: problems, values: values, services: services),
            for: req, status: status)
    }

    func apply(req: Request) async throws -> Response {
        struct Form: Decodable {
            let name: String?
            let creditCode: String?
            let contactPhone: String?
            let address: String?
            let county: String?
            let serviceTypes: [String]?
            let serviceArea: String?
            let labels: String?
        }
        let form = try req.content.decode(Form.self)
        func list(_ text: String?) -> [String] { (text ?? "").split(whereSeparator: { " ,，、\n\r".contains($0) }).map(String.init) }
        let application = ProviderApplication(
            name: form.name ?? "", creditCode: form.creditCode ?? "", contactPhone: form.contactPhone ?? "",
            address: form.address ?? "", serviceTypes: form.serviceTypes ?? [], serviceArea: list(form.serviceArea),
            labels: list(form.labels))
        let values = [
            "name": form.name ?? "", "creditCode": form.creditCode ?? "", "contactPhone": form.contactPhone ?? "",
            "address": form.address ?? "", "county": form.county ?? "", "serviceArea": form.serviceArea ?? "", "labels": form.labels ?? "",
        ]
        do {
            let county = try req.regionCode("county", from: form.county ?? "")
            let provider = try await req.providers.apply(application, to: county)
            Pages.flash(req, "flash_provider_applied")
            return req.redirect(to: "/providers/\(provider.id!.uuidString)")
        } catch let error as AppError where error.kind == .invalidInput || error.kind == .conflict {
            let problems = (error.details.isEmpty ? [error] : error.details).map { e in
                [e.field.map { req.t("provider_field_\($0)") }, req.t("error.\(e.code)", e.arguments)].compactMap { $0 }.joined(separator: "：")
            }
            return try await renderForm(req, problems: problems, values: values, chosen: Set(form.serviceTypes ?? []), status: .badRequest)
        }
    }

    struct WorkerRow: Encodable {
        let id: String
        let name: String
        let phone: String
        let skills: String
        let certificate: String
        let hours: String
        let capacity: Int
        let onDuty: Bool
        let rating: String
        let account: String
    }

    struct DetailBody: Encodable {
        let id: String
        let name: String
        let status: String
        let statusCode: String
        let county: String
        let creditCode: String
        let phone: String
        let address: String
        let services: String
        let area: String
        let prices: String
        let labels: [String]
        let rating: String
        let admin: String
        let decision: String
        let decisions: [Pages.Option]
        let canDecide: Bool
        let canAddWorkers: Bool
        let workers: [WorkerRow]
        let workerForm: WorkerForm
        let month: String
    }

    /// The worker form's values: a new worker's defaults, or a worker's record (the phone kept unless retyped).
    struct WorkerForm: Encodable {
        let name: String
        let phoneMasked: String
        let skills: [Pages.Option]
        let certificates: [Pages.Option]
        let latitude: String
        let longitude: String
        let workStart: String
        let workEnd: String
        let capacity: Int

        init(_ w: WorkerModel?, offered: [String], req: Request) {
            name = w?.name ?? ""
            phoneMasked = w?.phoneMasked ?? ""
            let has = Set(w?.skills ?? [])
            skills = offered.compactMap { ServiceCatalogue.type($0) }.map {
                Pages.Option(value: $0.code, label: req.locale == .en ? $0.englishName : $0.name, selected: has.contains($0.code))
            }
            certificates = WorkerInput.certificateNames.enumerated().map {
                Pages.Option(value: String($0.offset), label: $0.element, selected: $0.offset == (w?.certificateLevel ?? 0))
            }
            latitude = w.map { String($0.baseLatitude) } ?? ""
            longitude = w.map { String($0.baseLongitude) } ?? ""
            workStart = w?.workStart ?? "08:00"
            workEnd = w?.workEnd ?? "18:00"
            capacity = w?.capacity ?? 4
        }
    }

    func show(req: Request) async throws -> Response {
        let providers = try req.providers
        let p = try await providers.provider(try ProvidersAPI.id(req))
        let workers = try await req.workers.list(of: p.id!)
        let canDecide = providers.context.actor.role.canDecideProviders
        let allowed = ProviderDecision.allCases.filter { (try? $0.apply(to: p.statusValue)) != nil }
        let places = try await RegionNames.of([p.regionCode] + p.application.serviceArea, on: req.db)
        var decider: String?
        if let username = p.decidedBy { decider = ActorLabel.text(username, names: try await ActorLabel.names([username], on: req.db), req: req) }
        var admin = ""
        if let username = p.adminUsername {
            let user = try await UserModel.query(on: req.db).filter(\.$username == username).first()
            admin = user.map { "\($0.displayName)（\(username)）" } ?? username
        }
        let body = DetailBody(
            id: p.id!.uuidString, name: p.name, status: req.t("provider_status_\(p.status)"), statusCode: p.status,
            county: places[p.regionCode] ?? p.regionCode,
            creditCode: p.creditCode, phone: p.contactPhone(openedWith: req.application.dataProtection) ?? p.contactPhoneMasked,
            address: p.application.address, services: Self.services(p.application.serviceTypes, req),
            area: p.application.serviceArea.map { places[$0] ?? $0 }.joined(separator: "、"),
            prices: p.application.prices.sorted { $0.key < $1.key }.map { "\(Self.services([$0.key], req)) \(OrderView.yuan($0.value))" }.joined(
                separator: "、"),
            labels: p.application.labels, rating: Self.rating(p),
            admin: admin,
            decision: [decider, p.decisionNote].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "："),
            decisions: allowed.map { Pages.Option(value: $0.rawValue, label: req.t("provider_decision_\($0.rawValue)"), selected: false) },
            canDecide: canDecide, canAddWorkers: canDecide && p.statusValue == .admitted,
            workers: workers.map { w in
                WorkerRow(
                    id: w.id!.uuidString, name: w.name, phone: w.phoneMasked, skills: Self.services(w.skills, req),
                    certificate: WorkerInput.certificateNames[min(max(w.certificateLevel, 0), WorkerInput.certificateNames.count - 1)],
                    hours: "\(w.workStart)–\(w.workEnd)", capacity: w.capacity, onDuty: w.onDuty,
                    rating: w.rating > 0 ? String(format: "%.2f", w.rating) : "—", account: w.username ?? "")
            },
            workerForm: WorkerForm(nil, offered: p.application.serviceTypes, req: req),
            month: CalendarMonth(CalendarDate.today()).previous.description)
        return try await Pages.render("providers/provider", title: p.name, body, for: req)
    }

    func linkAdmin(req: Request) async throws -> Response {
        let id = try ProvidersAPI.id(req)
        struct Form: Decodable { let username: String? }
        try await Pages.attempt(req) {
            _ = try await req.providers.linkAdmin(id, username: try req.content.decode(Form.self).username ?? "")
            Pages.flash(req, "flash_provider_admin_linked")
        }
        return req.redirect(to: "/providers/\(id.uuidString)")
    }

    func dispatchMode(req: Request) async throws -> Response {
        struct Form: Decodable {
            let county: String?
            let mode: String?
        }
        let form = try req.content.decode(Form.self)
        let set = try await Pages.attempt(req) {
            guard let mode = form.mode.flatMap(DispatchMode.init(rawValue:)) else {
                throw AppError(.invalidInput, "dispatch_mode_invalid", field: "mode", ["value": form.mode ?? ""])
            }
            let county = try req.regionCode("county", from: form.county ?? "")
            try await req.orders.setDispatchMode(mode, for: county)
            return (county, mode)
        }
        guard let (county, mode) = set else { return req.redirect(to: "/providers") }
        Pages.flash(req, "flash_dispatch_mode_set", ["county": county.value, "mode": req.t("dispatch_mode_\(mode.rawValue)")])
        return req.redirect(to: "/providers?county=\(county.value)")
    }

    func decide(req: Request) async throws -> Response {
        let id = try ProvidersAPI.id(req)
        struct Form: Decodable {
            let decision: String?
            let note: String?
        }
        let form = try req.content.decode(Form.self)
        try await Pages.attempt(req) {
            guard let decision = form.decision.flatMap(ProviderDecision.init(rawValue:)) else {
                throw AppError(.invalidInput, "provider_decision_invalid", field: "decision", ["value": form.decision ?? ""])
            }
            _ = try await req.providers.decide(id, decision, note: form.note ?? "")
            Pages.flash(req, "flash_provider_decided")
        }
        return req.redirect(to: "/providers/\(id.uuidString)")
    }

    /// The worker form as posted.
    static func workerInput(_ req: Request) throws -> WorkerInput {
        struct Form: Decodable {
            let name: String?
            let phone: String?
            let skills: [String]?
            let certificateLevel: Int?
            let latitude: Double?
            let longitude: Double?
            let workStart: String?
            let workEnd: String?
            let capacity: Int?
        }
        let form = try req.content.decode(Form.self)
        guard let lat = form.latitude, let lon = form.longitude else { throw AppError(.invalidInput, "required", field: "latitude") }
        return WorkerInput(
            name: form.name ?? "", phone: form.phone ?? "", skills: form.skills ?? [], certificateLevel: form.certificateLevel ?? 0,
            latitude: lat, longitude: lon, workStart: form.workStart ?? "08:00", workEnd: form.workEnd ?? "18:00",
            capacity: form.capacity ?? 4)
    }

    /// Every problem of a refused worker form, as one flash.
    static func flashProblems(_ error: AppError, _ req: Request) {
        let all = error.details.isEmpty ? [error] : error.details
        req.session.data[Pages.flashErrorKey] = all.map { req.t("error.\($0.code)", $0.arguments) }.joined(separator: " ")
    }

    func addWorker(req: Request) async throws -> Response {
        let id = try ProvidersAPI.id(req)
        do {
            _ = try await req.workers.add(to: id, try Self.workerInput(req))
            Pages.flash(req, "flash_worker_added")
        } catch let error as AppError where error.kind == .invalidInput || error.kind == .conflict {
            Self.flashProblems(error, req)
        }
        return req.redirect(to: "/providers/\(id.uuidString)")
    }

    struct WorkerEditBody: Encodable {
        let providerID: String
        let providerName: String
        let workerID: String
        let workerForm: WorkerForm
    }

    func editWorker(req: Request) async throws -> Response {
        let providerID = try ProvidersAPI.id(req)
        guard try req.providers.context.actor.role.canDecideProviders else { throw AppError(.forbidden, "worker_forbidden") }
        let provider = try await req.providers.provider(providerID)
        let worker = try await req.workers.worker(try ProvidersAPI.workerID(req))
        guard worker.$provider.id == providerID else { throw AppError(.notFound, "worker_not_found") }
        let body = WorkerEditBody(
            providerID: providerID.uuidString, providerName: provider.name, workerID: worker.id!.uuidString,
            workerForm: WorkerForm(worker, offered: provider.application.serviceTypes, req: req))
        return try await Pages.render("providers/worker-edit", title: "\(req.t("worker_edit_title")) · \(worker.name)", body, for: req)
    }

    func updateWorker(req: Request) async throws -> Response {
        let providerID = try ProvidersAPI.id(req)
        let workerID = try ProvidersAPI.workerID(req)
        guard try await req.workers.worker(workerID).$provider.id == providerID else { throw AppError(.notFound, "worker_not_found") }
        do {
            _ = try await req.workers.update(workerID, try Self.workerInput(req))
            Pages.flash(req, "flash_worker_saved")
            return req.redirect(to: "/providers/\(providerID.uuidString)")
        } catch let error as AppError where error.kind == .invalidInput || error.kind == .conflict {
            Self.flashProblems(error, req)
            return req.redirect(to: "/providers/\(providerID.uuidString)/workers/\(workerID.uuidString)/edit")
        }
    }

    func duty(req: Request) async throws -> Response {
        let id = try ProvidersAPI.id(req)
        struct Form: Decodable { let on: String? }
        let form = try req.content.decode(Form.self)
        _ = try await req.workers.setDuty(try ProvidersAPI.workerID(req), onDuty: form.on == "1")
        Pages.flash(req, form.on == "1" ? "flash_worker_put_on_duty" : "flash_worker_put_off_duty")
        return req.redirect(to: "/providers/\(id.uuidString)")
    }
}
