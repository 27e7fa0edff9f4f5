import Vapor
import YanglaoCore
import YanglaoStore

/// Department feeds and the work-item queue: `/api/v1/feeds…`, `/api/v1/work-items…`.
struct DiscoveryAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "feeds", ":source", body: .collect(maxSize: ByteCount(value: ImportFile.maxBytes)), use: receive)
        routes.get("feeds", "unmatched", use: unmatched)
        routes.get("work-items", use: workItems)
        routes.post("work-items", ":id", use: resolve)
    }

    struct FeedReportDTO: Content {
        struct Problem: Content {
            let record: Int
            let code: String
            let message: String
            let field: String?
        }
        let received: Int, matched: Int, unmatched: Int, duplicates: Int, rejected: Int, changesApplied: Int, workItems: Int
        let problems: [Problem]
    }

    struct UnmatchedDTO: Content {
        let id: UUID, source: String, event: String, date: String, citizenId: String, detail: String, receivedAt: Date?
    }

    struct WorkItemDTO: Content {
        let id: UUID, kind: String, status: String, detail: String, applied: String, source: String
        let elderId: UUID, elderName: String, regionCode: String, createdAt: Date?, resolvedBy: String?, resolvedAt: Date?, note: String?

        init(_ item: WorkItemModel, _ elder: ElderModel) {
            id = item.id!
            kind = item.kind
            status = item.status
            detail = item.detail
            applied = item.applied
            source = item.source
            elderId = elder.id!
            elderName = elder.name
            regionCode = item.regionCode
            createdAt = item.createdAt
            resolvedBy = item.resolvedBy
            resolvedAt = item.resolvedAt
            note = item.note
        }
    }

    func receive(req: Request) async throws -> FeedReportDTO {
        let text = req.parameters.get("source") ?? ""
        guard let source = FeedSource(rawValue: text) else { throw AppError(.notFound, "source_invalid", ["value": text]) }
        let service = DiscoveryService(try req.context)
        let inputs: [DiscoveryService.FeedInput]
        if req.headers.contentType == .json {
            struct Body: Decodable { let records: [DiscoveryService.FeedInput] }
            inputs = try req.content.decode(Body.self).records
        } else {
            guard let body = req.body.data, body.readableBytes > 0 else { throw AppError(.invalidInput, "import_file_empty", field: "file") }
            inputs = try FeedFile.inputs(from: Array(buffer: body))
        }
        let r = try await service.receive(source: source, inputs)
        return FeedReportDTO(
            received: r.received, matched: r.matched, unmatched: r.unmatched, duplicates: r.duplicates, rejected: r.rejected,
            changesApplied: r.changesApplied, workItems: r.workItems,
            problems: r.problems.map {
                .init(record: $0.record, code: $0.error.code, message: req.t("error.\($0.error.code)", $0.error.arguments), field: $0.error.field)
            })
    }

    func unmatched(req: Request) async throws -> Page<UnmatchedDTO> {
        let page = try req.pageRequest()
        let result = try await DiscoveryService(try req.context).unmatched(page: page)
        return Page(
            items: result.items.map {
                UnmatchedDTO(
                    id: $0.id!, source: $0.source, event: $0.event, date: $0.eventDate,
                    citizenId: $0.idMasked, detail: $0.detail, receivedAt: $0.receivedAt)
            },
            request: page, total: result.total)
    }

    static func filter(_ req: Request) throws -> DiscoveryService.WorkItemFilter {
        struct Q: Decodable {
            let region: String?
            let status: String?
            let kind: String?
        }
        let q = try req.query.decode(Q.self)
        var f = DiscoveryService.WorkItemFilter()
        if let r = q.region, !r.isEmpty { f.region = try req.regionCode("region", from: r) }
        if let s = q.status, !s.isEmpty {
            if s == "all" {
                f.status = nil
            } else {
                guard let status = WorkItemModel.Status(rawValue: s) else {
                    throw AppError(.invalidInput, "status_invalid", field: "status", ["value": s])
                }
                f.status = status
            }
        }
        if let k = q.kind, !k.isEmpty {
            guard let kind = WorkItemKind(rawValue: k) else { throw AppError(.invalidInput, "kind_invalid", field: "kind", ["value": k]) }
            f.kind = kind
        }
        return f
    }

    func workItems(req: Request) async throws -> Page<WorkItemDTO> {
        let page = try req.pageRequest()
        let result = try await DiscoveryService(try req.context).workItems(try Self.filter(req), page: page)
        return Page(items: result.items.map { WorkItemDTO($0.item, $0.elder) }, request: page, total: result.total)
    }

    func resolve(req: Request) async throws -> WorkItemDTO {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw AppError(.notFound, "work_item_not_found") }
        struct Body: Content {
            let status: String
            let note: String?
        }
        let body = try req.content.decode(Body.self)
        guard let status = WorkItemModel.Status(rawValue: body.status) else {
            throw AppError(.invalidInput, "status_invalid", field: "status", ["value": body.status])
        }
        let service = DiscoveryService(try req.context)
        let item = try await service.resolve(id, as: status, note: body.note)
        let elder = try await req.elders.model(item.$elder.id)
        return WorkItemDTO(item, elder)
    }
}
