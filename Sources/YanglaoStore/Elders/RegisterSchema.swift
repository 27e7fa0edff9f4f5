import Fluent

/// The schema changes of the register: people, imports, discovery, family bindings, tallies and the read indexes, in order.
public enum RegisterSchema {
    public static var migrations: [any Migration] {
        [
            CreateElders(), AddElderFingerprint(), CreateImportUploads(), CreateDiscovery(), CreateFamilyBindings(),
            AddRegisterReadIndexes(), AddElderUpdatedIndex(), CoverCategoryIndex(), CoverElderListIndex(), CategoryListIndex(),
            CreateVillageTallies(), AddElderFormerRegion(),
        ]
    }
}
