import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 服务工单: one service for one person, from 点单 to 评单. `region_code` is the person's
/// village (scoping); the worker offered or serving and the dispatch explanation are kept
/// on the order, every transition in `order_events`.
public final class OrderModel: Model, ProviderOwned, @unchecked Sendable {
    public static let schema = "service_orders"
    public static let regionField: FieldKey = "region_code"
    public static let providerField: FieldKey = "provider_id"

    @ID(key: .id) public var id: UUID?
    @Field(key: "elder_id") public var elderID: UUID
    @Field(key: "region_code") public var regionCode: String
    @Field(key: "service_type") public var serviceType: String
    @Field(key: "wanted_at") public var wantedAt: Date
    @Field(key: "scheduled") public var scheduled: Bool
    @Field(key: "address") public var address: String
    @OptionalField(key: "latitude") public var latitude: Double?
    @OptionalField(key: "longitude") public var longitude: Double?
    @Field(key: "notes") public var notes: String
    @Field(key: "ordered_by") public var orderedBy: String
    @Field(key: "channel") public var channel: String
    @OptionalField(key: "idempotency_key") public var idempotencyKey: String?
    @Field(key: "status") public var status: String
    @OptionalField(key: "provider_id") public var providerID: UUID?
    @OptionalField(key: "worker_id") public var workerID: UUID?
    @OptionalField(key: "offered_at") public var offeredAt: Date?
    @OptionalField(key: "dispatch_explanation") public var dispatchExplanation: String?
    @OptionalField(key: "queue_reason") public var queueReason: String?
    @Field(key: "excluded_workers") public var excludedJSON: String
    @Field(key: "price_fen") public var priceFen: Int
    /// The standard duration of the catalogue in force when the order was placed (nil before catalogues were versioned).
    @OptionalField(key: "standard_minutes") public var standardMinutes: Int?
    // Added by AddOrderVisits: the visit, its proof and what came after.
    @OptionalField(key: "confirmation_code") public var confirmationCode: String?
    @OptionalField(key: "departed_at") public var departedAt: Date?
    @OptionalField(key: "check_in_at") public var checkInAt: Date?
    @OptionalField(key: "check_in_latitude") public var checkInLatitude: Double?
    @OptionalField(key: "check_in_longitude") public var checkInLongitude: Double?
    @OptionalField(key: "check_out_at") public var checkOutAt: Date?
    @OptionalField(key: "service_record") public var serviceRecord: String?
    @OptionalField(key: "confirmed") public var confirmed: Bool?
    @OptionalField(key: "flags") public var flagsJSON: String?
    @OptionalField(key: "rating") public var rating: Int?
    @OptionalField(key: "rating_comment") public var ratingComment: String?
    @OptionalField(key: "complaint") public var complaint: String?
    @OptionalField(key: "cancel_reason") public var cancelReason: String?
    // Added by CreateVouchers: who pays what, set on completion.
    @OptionalField(key: "voucher_fen") public var voucherFen: Int?
    @OptionalField(key: "self_fen") public var selfFen: Int?
    // Added by AddOrderReviews: the township's or county's closing of a complaint and of flags.
    @OptionalField(key: "complaint_resolution") public var complaintResolution: String?
    @OptionalField(key: "complaint_resolved_by") public var complaintResolvedBy: String?
    @OptionalField(key: "complaint_resolved_at") public var complaintResolvedAt: Date?
    @OptionalField(key: "flags_verdict") public var flagsVerdict: String?
    @OptionalField(key: "flags_review_note") public var flagsReviewNote: String?
    @OptionalField(key: "flags_reviewed_by") public var flagsReviewedBy: String?
    @OptionalField(key: "flags_reviewed_at") public var flagsReviewedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var statusValue: OrderStatus { OrderStatus(rawValue: status) ?? .created }
    /// The worker the order counts against (offered to them or in their hands), if any.
    var heldBy: UUID? { OrderStatus.withWorker.contains(statusValue) ? workerID : nil }
    public var region: RegionCode { RegionCode(validated: regionCode) }
    public var position: GeoPoint? { latitude.flatMap { lat in longitude.map { GeoPoint(latitude: lat, longitude: $0) } } }
    public var checkInPosition: GeoPoint? {
        checkInLatitude.flatMap { lat in checkInLongitude.map { GeoPoint(latitude: lat, longitude: $0) } }
    }
    public var flags: [QualityFinding] {
        get { flagsJSON.flatMap { JSONColumn.decode($0) } ?? [] }
        set { flagsJSON = newValue.isEmpty ? nil : JSONColumn.encode(newValue) }
    }

    public var excludedWorkers: Set<String> {
        get { Set(JSONColumn.decode(excludedJSON) as [String]? ?? []) }
        set { excludedJSON = JSONColumn.encode(newValue.sorted()) }
    }
}

struct AddOrderVisits: AsyncMigration {
    static let fields: [(String, DatabaseSchema.DataType)] = [
        ("confirmation_code", .string), ("departed_at", .datetime), ("check_in_at", .datetime), ("check_in_latitude", .double),
        ("check_in_longitude", .double), ("check_out_at", .datetime), ("service_record", .string), ("confirmed", .bool), ("flags", .string),
        ("rating", .int), ("rating_comment", .string), ("complaint", .string), ("cancel_reason", .string),
    ]

    // One column per statement: SQLite adds columns one at a time.
    func prepare(on database: any Database) async throws {
        for (name, type) in Self.fields { try await database.schema(OrderModel.schema).field(.string(name), type).update() }
    }

    func revert(on database: any Database) async throws {
        for (name, _) in Self.fields.reversed() { try await database.schema(OrderModel.schema).deleteField(.string(name)).update() }
    }
}

/// 工单记录: one transition, who and when.
public final class OrderEventModel: Model, @unchecked Sendable {
    public static let schema = "order_events"

    @ID(key: .id) public var id: UUID?
    @Field(key: "order_id") public var orderID: UUID
    @Field(key: "event") public var event: String
    @OptionalField(key: "from_status") public var fromStatus: String?
    @Field(key: "to_status") public var toStatus: String
    @Field(key: "actor_username") public var actorUsername: String
    @Field(key: "at") public var at: Date
    @Field(key: "detail") public var detail: String

    public init() {}
}

struct CreateOrders: TableMigration {
    let tables = [OrderModel.schema, OrderEventModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(OrderModel.schema)
            .id()
            .field("elder_id", .uuid, .required, .references(ElderModel.schema, "id"))
            .field("region_code", .string, .required, .references(RegionModel.schema, "code"))
            .field("service_type", .string, .required)
            .field("wanted_at", .datetime, .required)
            .field("scheduled", .bool, .required)
            .field("address", .string, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("notes", .string, .required)
            .field("ordered_by", .string, .required)
            .field("channel", .string, .required)
            .field("idempotency_key", .string)
            .field("status", .string, .required)
            .field("provider_id", .uuid, .references(ProviderModel.schema, "id"))
            .field("worker_id", .uuid, .references(WorkerModel.schema, "id"))
            .field("offered_at", .datetime)
            .field("dispatch_explanation", .string)
            .field("queue_reason", .string)
            .field("excluded_workers", .string, .required)
            .field("price_fen", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "ordered_by", "idempotency_key")
            .create()
        try await database.index(on: OrderModel.schema, named: "service_orders_region", columns: ["region_code", "status", "wanted_at"])
        try await database.index(on: OrderModel.schema, named: "service_orders_elder", columns: ["elder_id", "status"])
        try await database.index(on: OrderModel.schema, named: "service_orders_worker", columns: ["worker_id", "status"])
        try await database.schema(OrderEventModel.schema)
            .id()
            .field("order_id", .uuid, .required, .references(OrderModel.schema, "id", onDelete: .cascade))
            .field("event", .string, .required)
            .field("from_status", .string)
            .field("to_status", .string, .required)
            .field("actor_username", .string, .required)
            .field("at", .datetime, .required)
            .field("detail", .string, .required)
            .create()
        try await database.index(on: OrderEventModel.schema, named: "order_events_order", columns: ["order_id", "at"])
    }
}

/// Dispatch counts each county's open orders per worker whenever it rebuilds its data: with
/// status first, that count reads only the open orders, not the county's whole history.
struct AddOpenOrdersIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.index(on: OrderModel.schema, named: "service_orders_open", columns: ["status", "region_code", "worker_id"])
    }

    func revert(on database: any Database) async throws {
        try await (database as? any SQLDatabase)?.drop(index: "service_orders_open").run()
    }
}
