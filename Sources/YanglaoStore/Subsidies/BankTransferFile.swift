import Fluent
import Foundation
import YanglaoCore

/// 银行代发: the cash payments of an approved month as transfers the bank can make, with the
/// full account numbers opened from their sealed copies. Lines without an account are
/// left out and listed, so nobody is paid to a guessed account.
public struct BankTransferFile: Sendable {
    public struct Transfer: Sendable {
        public let holder: String
        public let account: String
        public let bank: String
        public let fen: Int
        public let scheme: String
        public let payee: String
        public let regionCode: String
    }

    public struct Unpaid: Sendable {
        public let payee: String
        public let idMasked: String
        public let regionCode: String
        public let scheme: String
        public let fen: Int
    }

    public let month: String
    public let transfers: [Transfer]
    public let withoutAccount: [Unpaid]
    public var totalFen: Int { transfers.reduce(0) { $0 + $1.fen } }
}

extension SubsidyRunService {
    /// The masked ID numbers and payee accounts of the people `lines` pay, read in chunks.
    public func payees(of lines: [SubsidyLineModel]) async throws -> (idMasked: [UUID: String], accounts: [UUID: PayeeAccountModel]) {
        var accounts: [UUID: PayeeAccountModel] = [:]
        var masked: [UUID: String] = [:]
        for chunk in Array(Set(lines.map(\.elderID))).chunked(into: 500) {
            for account in try await PayeeAccountModel.query(on: db).filter(\.$elderID ~~ chunk).all() { accounts[account.elderID] = account }
            for person in try await ElderModel.query(on: db).filter(\.$id ~~ chunk).all() { masked[try person.requireID()] = person.idMasked }
        }
        return (masked, accounts)
    }

    /// The bank file of an approved run, optionally of one township and one scheme: county and
    /// city officers only (those who approve runs); each export is audited with its count and total.
    public func bankFile(of run: SubsidyRunModel, township: RegionCode? = nil, scheme: String? = nil) async throws -> BankTransferFile {
        let actor = context.actor
        guard actor.role == .countyOfficer || actor.role == .cityOfficer || actor.role == .systemAdmin else {
            throw AppError(.forbidden, "subsidy_bank_forbidden")
        }
        guard run.statusValue == .approved else { throw AppError(.conflict, "subsidy_bank_not_approved", field: "run", ["month": run.month]) }
        if let township {
            do { try context.scoped.authorize(township) } catch {
                throw AppError(.forbidden, "region_forbidden", field: "township", ["code": township.value])
            }
        }
        let lines = try await payments(of: run, township: township, scheme: scheme).filter { $0.form == PaymentForm.cash.rawValue }
        let (masked, accounts) = try await payees(of: lines)
        var transfers: [BankTransferFile.Transfer] = []
        var unpaid: [BankTransferFile.Unpaid] = []
        for line in lines {
            guard let account = accounts[line.elderID] else {
                unpaid.append(
                    .init(payee: line.payee, idMasked: masked[line.elderID] ?? "", regionCode: line.regionCode, scheme: line.scheme, fen: line.fen))
                continue
            }
            transfers.append(
                .init(
                    holder: account.holderName, account: try context.protection.open(account.accountCipher), bank: account.bankName,
                    fen: line.fen, scheme: line.scheme, payee: line.payee, regionCode: line.regionCode))
        }
        let file = BankTransferFile(month: run.month, transfers: transfers, withoutAccount: unpaid)
        try await AuditLog.record(
            on: db, actor: actor, action: "subsidy.bank_file", recordType: "subsidy_run", recordID: run.id?.uuidString,
            region: township ?? run.region,
            detail: "\(run.month) scheme=\(scheme ?? "all") transfers=\(transfers.count) total_fen=\(file.totalFen) without_account=\(unpaid.count)")
        return file
    }
}
