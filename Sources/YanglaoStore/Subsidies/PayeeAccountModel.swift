import Fluent
import Foundation
import YanglaoCore

/// Where a person's cash subsidies are paid: the account number sealed like ID numbers
/// (AES-GCM), with a masked copy for lists and payment lists.
public final class PayeeAccountModel: Model, @unchecked Sendable {
    public static let schema = "payee_accounts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "elder_id") public var elderID: UUID
    @Field(key: "bank_name") public var bankName: String
    @Field(key: "account_cipher") public var accountCipher: String
    @Field(key: "account_masked") public var accountMasked: String
    @Field(key: "holder_name") public var holderName: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}

struct CreatePayeeAccounts: TableMigration {
    let tables = [PayeeAccountModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(PayeeAccountModel.schema)
            .id()
            .field("elder_id", .uuid, .required, .references(ElderModel.schema, "id", onDelete: .cascade))
            .field("bank_name", .string, .required)
            .field("account_cipher", .string, .required)
            .field("account_masked", .string, .required)
            .field("holder_name", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "elder_id")
            .create()
    }
}

extension ElderService {
    /// Sets the account a person's cash subsidies go to (register editors of the person's region).
    public func setPayeeAccount(of elderID: UUID, bank: String, number text: String, holder: String) async throws -> PayeeAccountModel {
        try requireEdit()
        let person = try await model(elderID)
        var problems: [AppError] = []
        let bankName = bank.trimmingCharacters(in: .whitespaces)
        let holderName = holder.trimmingCharacters(in: .whitespaces)
        if bankName.isEmpty || bankName.count > 60 { problems.append(AppError(.invalidInput, "required", field: "bank")) }
        if holderName.isEmpty || holderName.count > 40 { problems.append(AppError(.invalidInput, "required", field: "holder")) }
        var number: BankAccountNumber?
        do { number = try BankAccountNumber(text) } catch { problems.append(BankAccountNumber.appError(error, field: "account")) }
        guard problems.isEmpty, let number else { throw AppError(invalid: problems) }
        let account = try await PayeeAccountModel.query(on: scoped.database).filter(\.$elderID == elderID).first() ?? PayeeAccountModel()
        account.elderID = elderID
        account.bankName = bankName
        account.accountCipher = try protection.seal(number.value)
        account.accountMasked = number.masked
        account.holderName = holderName
        try await scoped.database.transaction { db in
            try await account.save(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "elder.payee_account", recordType: "elder", recordID: elderID.uuidString,
                region: person.region, detail: "\(bankName) \(number.masked)")
        }
        return account
    }

    /// The person's payee account (masked), if any.
    public func payeeAccount(of elderID: UUID) async throws -> PayeeAccountModel? {
        try requireRead()
        _ = try await model(elderID)
        return try await PayeeAccountModel.query(on: scoped.database).filter(\.$elderID == elderID).first()
    }
}
