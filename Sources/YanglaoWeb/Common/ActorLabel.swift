import Fluent
import Vapor
import YanglaoStore

/// Who acted, as a person reads it: the account's display name, or the command line in
/// words (`cli:root` → 命令行（root）); never a bare username where a name is known.
enum ActorLabel {
    /// The display names of the accounts among `usernames`, read at once.
    static func names(_ usernames: some Sequence<String>, on db: any Database) async throws -> [String: String] {
        let wanted = Array(Set(usernames))
        guard !wanted.isEmpty else { return [:] }
        var names: [String: String] = [:]
        for user in try await UserModel.query(on: db).filter(\.$username ~~ wanted).all() { names[user.username] = user.displayName }
        return names
    }

    static func text(_ username: String, names: [String: String], req: Request) -> String {
        if let name = names[username] { return name }
        if username.hasPrefix("cli:") { return req.t("actor_cli", ["user": String(username.dropFirst(4))]) }
        return username
    }
}
