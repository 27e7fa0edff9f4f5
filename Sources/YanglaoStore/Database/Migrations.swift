import Fluent

/// Every schema change, in order: the platform's own tables, then each domain's list in the
/// order of the domain modules. Each migration must run on SQLite and PostgreSQL; on SQLite a
/// later migration can only add columns, so shape tables carefully.
public enum SchemaMigrations {
    /// Tables no domain owns: console sessions, platform settings, the domain events' outbox.
    public static var platform: [any Migration] { [SessionRecord.migration, CreatePlatformSettings(), CreateDomainEvents()] }

    public static func register(_ domains: [any Migration], on migrations: Migrations) {
        for migration in platform + domains { migrations.add(migration) }
    }
}
