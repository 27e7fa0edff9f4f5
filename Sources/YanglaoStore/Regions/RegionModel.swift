import Fluent
import YanglaoCore

/// A region of the tree, keyed by its 12-digit code.
public final class RegionModel: Model, @unchecked Sendable {
    public static let schema = "regions"

    @ID(custom: "code", generatedBy: .user) public var id: String?
    @Field(key: "name") public var name: String
    @Field(key: "level") public var level: String
    @Field(key: "kind") public var kind: String
    @OptionalField(key: "parent_code") public var parentCode: String?
    /// 城乡分类代码 of a village (e.g. 111 主城区, 220 村庄), when an import gave it.
    @OptionalField(key: "urban_rural") public var urbanRural: String?
    /// 撤并: the day the region was merged into `successorCode` (`YYYY-MM-DD`); it stays in
    /// the tree for history, and no longer counts or holds anyone.
    @OptionalField(key: "retired_on") public var retiredOn: String?
    @OptionalField(key: "successor_code") public var successorCode: String?

    public init() {}

    public init(code: RegionCode, name: String) {
        self.id = code.value
        self.name = name
        self.level = code.level.rawValue
        self.kind = code.kind.rawValue
        self.parentCode = code.parent?.value
    }

    public var code: RegionCode { RegionCode(validated: id!) }
    public var isRetired: Bool { retiredOn != nil }
}

extension RegionModel: RegionOwned {
    public static let regionField: FieldKey = "code"
}

struct CreateRegions: TableMigration {
    let tables = [RegionModel.schema]

    func prepare(on database: any Database) async throws {
        try await database.schema(RegionModel.schema)
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("level", .string, .required)
            .field("kind", .string, .required)
            .field("parent_code", .string, .references(RegionModel.schema, "code"))
            .create()
        try await database.index(on: RegionModel.schema, named: "regions_parent", columns: ["parent_code"])
        try await database.index(on: RegionModel.schema, named: "regions_level_code", columns: ["level", "code"])
    }
}

/// The 城乡分类代码 a region file may carry.
struct AddRegionUrbanRural: ColumnMigration {
    let table = RegionModel.schema
    let columns: [(name: String, type: DatabaseSchema.DataType)] = [("urban_rural", .string)]
}

/// When and into what a region was merged (撤并).
struct AddRegionRetirement: ColumnMigration {
    let table = RegionModel.schema
    let columns: [(name: String, type: DatabaseSchema.DataType)] = [("retired_on", .string), ("successor_code", .string)]
}
