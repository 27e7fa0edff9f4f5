import Fluent

/// Every schema change, in order. Each migration must run on SQLite and PostgreSQL; on
/// SQLite a later migration can only add columns, so shape tables carefully.
public enum SchemaMigrations {
    public static func register(on migrations: Migrations) {
        migrations.add(CreateRegions())
        migrations.add(CreateUsers())
        migrations.add(CreateApiTokens())
        migrations.add(CreateLoginFailures())
        migrations.add(CreateAuditLog())
        migrations.add(SessionRecord.migration)
        migrations.add(CreatePlatformSettings())
        migrations.add(CreateElders())
        migrations.add(AddElderFingerprint())
        migrations.add(CreateImportUploads())
        migrations.add(CreateDiscovery())
        migrations.add(CreateFamilyBindings())
        migrations.add(AddRegisterReadIndexes())
        migrations.add(AddElderUpdatedIndex())
        migrations.add(CoverCategoryIndex())
        migrations.add(CoverElderListIndex())
        migrations.add(CategoryListIndex())
        migrations.add(CreateVillageTallies())
        migrations.add(CreateAbilityAssessments())
        migrations.add(CreateServiceLists())
        migrations.add(CreateSubsidies())
        migrations.add(CreatePayeeAccounts())
        migrations.add(CreateProviders())
        migrations.add(CreateWorkers())
        migrations.add(CreateOrders())
        migrations.add(AddOrderVisits())
        migrations.add(CreateVouchers())
        migrations.add(AddOrderReviews())
        migrations.add(CreateFollowUps())
        migrations.add(CreateProviderDispatch())
        migrations.add(AddOpenOrdersIndex())
        migrations.add(CreateAlarms())
        migrations.add(CreateAlarmNotifications())
        migrations.add(CreatePersonThresholds())
        migrations.add(SealProviderContactPhones())
        migrations.add(CreateDomainEvents())
    }
}
