/// 费用构成: who pays what of an order's price.
public struct OrderPayment: Sendable, Hashable, Codable {
    public let priceFen: Int
    /// Drawn from the person's service vouchers (服务券).
    public let voucherFen: Int
    /// Paid in time-bank hours (时间银行), once that exists.
    public let timeBankFen: Int
    /// The elder's own part (自付).
    public let selfFen: Int

    public init(priceFen: Int, voucherFen: Int, timeBankFen: Int, selfFen: Int) {
        self.priceFen = priceFen
        self.voucherFen = voucherFen
        self.timeBankFen = timeBankFen
        self.selfFen = selfFen
    }

    /// Vouchers first, up to their balance and the price; never below zero.
    public static func split(priceFen: Int, voucherBalanceFen: Int, timeBankFen: Int = 0) -> OrderPayment {
        let price = max(0, priceFen)
        let voucher = min(price, max(0, voucherBalanceFen))
        let timeBank = min(price - voucher, max(0, timeBankFen))
        return OrderPayment(priceFen: price, voucherFen: voucher, timeBankFen: timeBank, selfFen: price - voucher - timeBank)
    }
}
