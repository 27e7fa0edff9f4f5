import Fluent

/// The schema changes of accounts, API tokens and failed sign-ins, in order.
public enum AccountsSchema {
    public static var migrations: [any Migration] {
        [
            CreateUsers(), CreateApiTokens(), CreateLoginFailures(), AddUserMustChangePassword(), AddUserPhone(), AddUserPhoneLookup(),
            CreateLoginCodes(),
        ]
    }
}
