import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 服务券: a person's vouchers of a month are the voucher payments of that month's approved
/// subsidy runs; orders completed in the month draw on them. One account row per person and
/// month carries granted and drawn amounts, and a draw is a conditional update that only
/// succeeds while enough is left, so two completions at once can never take it below zero;
/// each order draws at most once (a unique draw per order).
public final class VoucherAccountModel: Model, @unchecked Sendable {
    public static let schema = "voucher_accounts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "elder_id") public var elderID: UUID
    @Field(key: "month") public var month: String
    @Field(key: "granted_fen") public var grantedFen: Int
    @Field(key: "drawn_fen") public var drawnFen: Int

    public init() {}
}

public final class VoucherDrawModel: Model, @unchecked Sendable {
    public static let schema = "voucher_draws"

    @ID(key: .id) public var id: UUID?
    @Field(key: "order_id") public var orderID: UUID
    @Field(key: "elder_id") public var elderID: UUID
    @Field(key: "month") public var month: String
    @Field(key: "fen") public var fen: Int
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

struct CreateVouchers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(VoucherAccountModel.schema)
            .id()
            .field("elder_id", .uuid, .required, .references(ElderModel.schema, "id"))
            .field("month", .string, .required)
            .field("granted_fen", .int, .required)
            .field("drawn_fen", .int, .required)
            .unique(on: "elder_id", "month")
            .create()
        try await database.schema(VoucherDrawModel.schema)
            .id()
            .field("order_id", .uuid, .required, .references(OrderModel.schema, "id"))
            .field("elder_id", .uuid, .required, .references(ElderModel.schema, "id"))
            .field("month", .string, .required)
            .field("fen", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "order_id")
            .create()
        for (name, type) in [("voucher_fen", DatabaseSchema.DataType.int), ("self_fen", .int)] {
            try await database.schema(OrderModel.schema).field(.string(name), type).update()
        }
    }

    func revert(on database: any Database) async throws {
        for name in ["self_fen", "voucher_fen"] { try await database.schema(OrderModel.schema).deleteField(.string(name)).update() }
        try await database.schema(VoucherDrawModel.schema).delete()
        try await database.schema(VoucherAccountModel.schema).delete()
    }
}

enum VoucherLedger {
    /// Vouchers granted to a person for `month` by approved runs.
    static func granted(to elderID: UUID, in month: CalendarMonth, on db: any Database) async throws -> Int {
        let runs = try await SubsidyRunModel.query(on: db).filter(\.$month == month.description)
            .filter(\.$status == SubsidyRunModel.Status.approved.rawValue).all().compactMap(\.id)
        guard !runs.isEmpty else { return 0 }
        return try await SubsidyLineModel.query(on: db).filter(\.$run.$id ~~ runs).filter(\.$elderID == elderID)
            .filter(\.$form == PaymentForm.voucher.rawValue).all().reduce(0) { $0 + $1.fen }
    }

    /// Splits `order`'s price for a completion in `month`: vouchers first as far as the
    /// balance goes, the rest the elder's own part; records the draw. Call inside the
    /// completion's transaction. A second call for the same order draws nothing more.
    static func pay(_ order: OrderModel, in month: CalendarMonth, on db: any Database) async throws -> OrderPayment {
        let orderID = try order.requireID()
        if let drawn = try await VoucherDrawModel.query(on: db).filter(\.$orderID == orderID).first() {
            return OrderPayment.split(priceFen: order.priceFen, voucherBalanceFen: drawn.fen)
        }
        let sql = try db.sqlDatabase()
        if try await VoucherAccountModel.query(on: db).filter(\.$elderID == order.elderID).filter(\.$month == month.description).first() == nil {
            let account = VoucherAccountModel()
            account.elderID = order.elderID
            account.month = month.description
            account.grantedFen = try await granted(to: order.elderID, in: month, on: db)
            account.drawnFen = 0
            try await account.create(on: db)
        }
        for _ in 0..<3 {
            guard
                let account = try await VoucherAccountModel.query(on: db).filter(\.$elderID == order.elderID)
                    .filter(\.$month == month.description).first()
            else { break }
            let payment = OrderPayment.split(priceFen: order.priceFen, voucherBalanceFen: account.grantedFen - account.drawnFen)
            guard payment.voucherFen > 0 else { return payment }
            // Only while enough is left: a concurrent draw makes this update miss, and we read again.
            let updated = try await sql.update(VoucherAccountModel.schema)
                .set(SQLIdentifier("drawn_fen"), to: SQLBinaryExpression(SQLIdentifier("drawn_fen"), .add, SQLBind(payment.voucherFen)))
                .where("id", .equal, SQLBind(try account.requireID()))
                .where(
                    SQLBinaryExpression(
                        SQLBinaryExpression(SQLIdentifier("granted_fen"), .subtract, SQLIdentifier("drawn_fen")),
                        .greaterThanOrEqual, SQLBind(payment.voucherFen))
                )
                .returning("drawn_fen").all()
            guard !updated.isEmpty else { continue }
            let draw = VoucherDrawModel()
            draw.orderID = orderID
            draw.elderID = order.elderID
            draw.month = month.description
            draw.fen = payment.voucherFen
            try await draw.create(on: db)
            return payment
        }
        return OrderPayment.split(priceFen: order.priceFen, voucherBalanceFen: 0)
    }
}
