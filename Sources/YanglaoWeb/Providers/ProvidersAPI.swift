import Vapor
import YanglaoCore
import YanglaoStore

extension Request {
    var providers: ProviderService {
        get throws { ProviderService(try context) }
    }
    var workers: WorkerService {
        get throws { WorkerService(try context) }
    }
}

struct ProviderDTO: Content {
    let id: UUID
    let county: String
    let status: String
    let statusName: String
    let application: ProviderApplication
    let rating: Double
    let ratingCount: Int
    let decidedBy: String?
    let decisionNote: String?
    let adminUsername: String?
    init(_ p: ProviderModel) {
        id = p.id!
        county = p.regionCode
        status = p.status
        statusName = p.statusValue.chineseName
        application = p.application
        rating = p.rating
        ratingCount = p.ratingCount
        decidedBy = p.decidedBy
        decisionNote = p.decisionNote
        adminUsername = p.adminUsername
    }
}

struct WorkerDTO: Content {
    let id: UUID
    let providerId: UUID
    let name: String
    let phone: String
    let skills: [String]
    let certificateLevel: Int
    let latitude: Double
    let longitude: Double
    let workStart: String
    let workEnd: String
    let capacity: Int
    let onDuty: Bool
    let rating: Double
    let username: String?
    init(_ w: WorkerModel) {
        id = w.id!
        providerId = w.$provider.id
        name = w.name
        phone = w.phoneMasked
        skills = w.skills
        certificateLevel = w.certificateLevel
        latitude = w.position.latitude
        longitude = w.position.longitude
        workStart = w.workStart
        workEnd = w.workEnd
        capacity = w.capacity
        onDuty = w.onDuty
        rating = w.rating
        username = w.username
    }
}

extension ProviderApplication: Content {}

/// A county's 派单模式.
struct DispatchModeDTO: Content {
    let county: String
    let mode: String
    let description: String
    init(county: RegionCode, mode: DispatchMode) {
        self.county = county.value
        self.mode = mode.rawValue
        description = mode.chineseName
    }
}

/// 服务商与服务人员 over HTTP: applications and the county's decisions, workers, duty,
/// accounts, and the monthly settlement statement (XLSX).
struct ProvidersAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let providers = routes.grouped("providers")
        providers.get(use: list)
        providers.post(use: apply)
        providers.get(":provider", use: { req in ProviderDTO(try await req.providers.provider(try Self.id(req))) })
        providers.post(":provider", "decision", use: decide)
        providers.get(
            ":provider", "workers",
            use: { req in
                let page = try req.pageRequest()
                let found = try await req.workers.list(of: try Self.id(req), page: page)
                return Page(items: found.items.map(WorkerDTO.init), request: page, total: found.total)
            })
        providers.post(":provider", "workers", use: addWorker)
        providers.get(":provider", "settlement.xlsx", use: settlement)
        providers.post(
            ":provider", "admin",
            use: { req in
                struct Body: Decodable { let username: String? }
                return ProviderDTO(try await req.providers.linkAdmin(try Self.id(req), username: try req.content.decode(Body.self).username ?? ""))
            })
        routes.get(
            "dispatch-modes", ":county",
            use: { req in
                let county = try req.regionCode("county", from: req.parameters.get("county") ?? "")
                return DispatchModeDTO(county: county, mode: try await req.orders.readDispatchMode(of: county))
            })
        routes.post(
            "dispatch-modes", ":county",
            use: { req in
                struct Body: Decodable { let mode: String? }
                let text = try req.content.decode(Body.self).mode ?? ""
                guard let mode = DispatchMode(rawValue: text) else {
                    throw AppError(.invalidInput, "dispatch_mode_invalid", field: "mode", ["value": text])
                }
                let county = try req.regionCode("county", from: req.parameters.get("county") ?? "")
                try await req.orders.setDispatchMode(mode, for: county)
                return DispatchModeDTO(county: county, mode: mode)
            })
        let workers = routes.grouped("workers")
        workers.put(
            ":worker",
            use: { req in
                let worker = try await req.workers.update(try Self.workerID(req), try req.content.decode(WorkerInput.self))
                _ = worker
                return WorkerDTO(worker)
            })
        workers.post(":worker", "duty", use: duty)
        workers.post(":worker", "account", use: account)
    }

    static func id(_ req: Request) throws -> UUID {
        try req.uuid("provider", notFound: "provider_not_found")
    }

    static func workerID(_ req: Request) throws -> UUID {
        guard let text = req.parameters.get("worker"), let id = UUID(uuidString: text) else { throw AppError(.notFound, "worker_not_found") }
        return id
    }

    func list(req: Request) async throws -> Page<ProviderDTO> {
        struct Q: Decodable {
            let county: String?
            let status: String?
            let q: String?
        }
        let q = try req.query.decode(Q.self)
        let county = try q.county.flatMap { $0.isEmpty ? nil : $0 }.map { try req.regionCode("county", from: $0) }
        let status = try q.status.flatMap { $0.isEmpty ? nil : $0 }.map { text in
            guard let s = ProviderStatus(rawValue: text) else {
                throw AppError(.invalidInput, "provider_status_invalid", field: "status", ["value": text])
            }
            return s
        }
        let page = try req.pageRequest()
        let found = try await req.providers.list(in: county, status: status, search: q.q, page: page)
        return Page(items: found.items.map(ProviderDTO.init), request: page, total: found.total)
    }

    func apply(req: Request) async throws -> Response {
        struct Body: Decodable {
            let county: String?
            let application: ProviderApplication?
        }
        let body = try req.content.decode(Body.self)
        guard let application = body.application else { throw AppError(.invalidInput, "required", field: "application") }
        let county = try req.regionCode("county", from: body.county ?? "")
        let provider = try await req.providers.apply(application, to: county)
        let response = Response(status: .created)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/providers/\(provider.id!.uuidString)")
        try response.content.encode(ProviderDTO(provider))
        return response
    }

    func decide(req: Request) async throws -> ProviderDTO {
        struct Body: Decodable {
            let decision: String?
            let note: String?
        }
        let body = try req.content.decode(Body.self)
        guard let decision = ProviderDecision(rawValue: body.decision ?? "") else {
            throw AppError(.invalidInput, "provider_decision_invalid", field: "decision", ["value": body.decision ?? ""])
        }
        let provider = try await req.providers.decide(try Self.id(req), decision, note: body.note ?? "")
        _ = provider
        return ProviderDTO(provider)
    }

    func addWorker(req: Request) async throws -> Response {
        let worker = try await req.workers.add(to: try Self.id(req), try req.content.decode(WorkerInput.self))
        _ = worker
        let response = Response(status: .created)
        try response.content.encode(WorkerDTO(worker))
        return response
    }

    func duty(req: Request) async throws -> WorkerDTO {
        struct Body: Decodable {
            let onDuty: Bool?
            let latitude: Double?
            let longitude: Double?
        }
        let body = try req.content.decode(Body.self)
        guard let onDuty = body.onDuty else { throw AppError(.invalidInput, "required", field: "onDuty") }
        let position = body.latitude.flatMap { lat in body.longitude.map { GeoPoint(latitude: lat, longitude: $0) } }
        let worker = try await req.workers.setDuty(try Self.workerID(req), onDuty: onDuty, at: position)
        _ = worker
        return WorkerDTO(worker)
    }

    func account(req: Request) async throws -> WorkerDTO {
        struct Body: Decodable { let username: String? }
        let body = try req.content.decode(Body.self)
        return WorkerDTO(try await req.workers.linkAccount(try Self.workerID(req), username: body.username ?? ""))
    }

    /// 月度结算单: every completed service of the month with price, voucher part and own part, a total row, and the flags.
    func settlement(req: Request) async throws -> Response {
        let text = (try? req.query.get(String.self, at: "month")) ?? ""
        guard let month = CalendarMonth(text) else { throw AppError(.invalidInput, "month_invalid", field: "month", ["value": text]) }
        let s = try await req.orders.settlement(of: try Self.id(req), in: month)
        let villages = try await RegionNames.of(s.lines.map(\.regionCode), on: req.db)
        var rows = [["序号", "完成时间", "老人", "所属村（社区）", "村（社区）代码", "服务项目", "服务人员", "价格（元）", "服务券（元）", "自付（元）", "质量标记"]]
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = CalendarDate.chinaTimeZone
        for (i, l) in s.lines.enumerated() {
            rows.append([
                String(i + 1), formatter.string(from: l.completedAt), l.elderName, villages[l.regionCode] ?? "", l.regionCode, l.serviceName,
                l.workerName,
                ServiceStandard.yuanText(l.priceFen), ServiceStandard.yuanText(l.voucherFen), ServiceStandard.yuanText(l.selfFen),
                l.flags.map { "\($0.flag.chineseName)：\($0.detail)" }.joined(separator: "；"),
            ])
        }
        rows.append([
            "合计", "\(s.lines.count) 单", "", "", "", "", "", ServiceStandard.yuanText(s.priceFen), ServiceStandard.yuanText(s.voucherFen),
            ServiceStandard.yuanText(s.selfFen), "",
        ])
        return try Downloads.table(rows, name: "\(month)\(s.provider.name)结算单", format: "xlsx", numberColumns: [0, 7, 8, 9])
    }
}
