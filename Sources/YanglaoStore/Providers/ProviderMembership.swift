import Fluent
import Foundation
import YanglaoCore

/// Which provider an account belongs to: the one a provider administrator runs, or the one
/// a service worker works for. Read when the account signs a request, so the scope of every
/// query (`ScopedDatabase.provider`) knows it.
public enum ProviderMembership {
    /// The account's provider; nil for roles not bound to a provider, or when none is linked.
    public static func provider(of user: UserModel, on db: any Database) async throws -> UUID? {
        switch user.roleValue {
        case .providerAdmin:
            return try await ProviderModel.query(on: db).filter(\.$adminUsername == user.username).first()?.id
        case .serviceWorker:
            return try await WorkerModel.query(on: db).filter(\.$username == user.username).first()?.$provider.id
        default:
            return nil
        }
    }
}
