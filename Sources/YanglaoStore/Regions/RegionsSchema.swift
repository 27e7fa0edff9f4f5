import Fluent

/// The schema changes of the region tree, in order.
public enum RegionsSchema {
    public static var migrations: [any Migration] {
        [CreateRegions(), AddRegionUrbanRural(), AddRegionRetirement(), CreateRegionPopulations()]
    }
}
