/// The columns of a register import file, with the Chinese headers of the template and the
/// other names offices commonly use. Headers are matched without spaces and `*`.
public enum ElderImportColumn: String, Sendable, CaseIterable {
    case citizenID, name, regionCode, phone, address, latitude, longitude, householdLocal, householdPlace
    case living, enrolledOn, categories, contactName, contactRelation, contactPhone

    /// The column's place in `allCases` (a test keeps the two in step).
    public var slot: Int {
        switch self {
        case .citizenID: 0
        case .name: 1
        case .regionCode: 2
        case .phone: 3
        case .address: 4
        case .latitude: 5
        case .longitude: 6
        case .householdLocal: 7
        case .householdPlace: 8
        case .living: 9
        case .enrolledOn: 10
        case .categories: 11
        case .contactName: 12
        case .contactRelation: 13
        case .contactPhone: 14
        }
    }

    /// The header the template uses.
    public var header: String {
        switch self {
        case .citizenID: "身份证号"
        case .name: "姓名"
        case .regionCode: "所属村（社区）代码"
        case .phone: "联系电话"
        case .address: "住址"
        case .latitude: "纬度"
        case .longitude: "经度"
        case .householdLocal: "是否本地户籍"
        case .householdPlace: "户籍所在地"
        case .living: "居住情况"
        case .enrolledOn: "入网日期"
        case .categories: "人员类别"
        case .contactName: "紧急联系人"
        case .contactRelation: "联系人关系"
        case .contactPhone: "联系人电话"
        }
    }

    public var isRequired: Bool { self == .citizenID || self == .name || self == .regionCode }

    /// What the template's second line says about the column.
    public var hint: String {
        switch self {
        case .citizenID: "18位身份证号（15位旧号自动升级）"
        case .name: "姓名"
        case .regionCode: "12位村（社区）统计用区划代码"
        case .phone: "手机号或带区号的固定电话"
        case .address: "详细住址"
        case .latitude, .longitude: "可空，WGS-84 小数度"
        case .householdLocal: "是 / 否，空为是"
        case .householdPlace: "外地户籍时填写"
        case .living: "独居、与配偶同住、与子女同住、与其他人同住、入住养老机构"
        case .enrolledOn: "YYYY-MM-DD，空为导入当天"
        case .categories: "多个用顿号分隔，如：低保、独居"
        case .contactName: "监护人或紧急联系人姓名"
        case .contactRelation: "如：儿子、女儿、配偶"
        case .contactPhone: "联系人电话"
        }
    }

    static let aliases: [String: ElderImportColumn] = {
        var map: [String: ElderImportColumn] = [:]
        let extra: [ElderImportColumn: [String]] = [
            .citizenID: ["身份证号码", "公民身份号码", "证件号码", "citizenid", "idnumber"],
            .name: ["老人姓名", "name"],
            .regionCode: ["区划代码", "所属区划代码", "村社区代码", "村（社区）代码", "regioncode"],
            .phone: ["电话", "手机号", "手机号码", "联系方式", "phone"],
            .address: ["地址", "居住地址", "家庭住址", "address"],
            .latitude: ["latitude", "lat"],
            .longitude: ["longitude", "lon", "lng"],
            .householdLocal: ["本地户籍", "户籍", "householdlocal"],
            .householdPlace: ["户籍地", "householdplace"],
            .living: ["居住状况", "living"],
            .enrolledOn: ["入网时间", "enrolledon"],
            .categories: ["类别", "人员类型", "categories"],
            .contactName: ["监护人", "联系人", "监护人姓名", "联系人姓名", "contactname"],
            .contactRelation: ["关系", "与老人关系", "contactrelation"],
            .contactPhone: ["监护人电话", "紧急联系人电话", "contactphone"],
        ]
        for column in allCases {
            map[normalise(column.header)] = column
            for alias in extra[column] ?? [] { map[normalise(alias)] = column }
        }
        return map
    }()

    static func normalise(_ header: String) -> String {
        String(header.lowercased().filter { !$0.isWhitespace && $0 != "*" && $0 != "_" && $0 != "\u{3000}" })
    }

    public init?(header: String) {
        guard let column = Self.aliases[Self.normalise(header)] else { return nil }
        self = column
    }

    /// The column a validation problem's field belongs to.
    public init?(field: String) {
        if field.hasPrefix("categories") {
            self = .categories
            return
        }
        if field.hasPrefix("contacts") {
            self = field.hasSuffix(".phone") ? .contactPhone : field.hasSuffix(".name") ? .contactName : .contactRelation
            return
        }
        let map: [String: ElderImportColumn] = [
            "citizenId": .citizenID, "name": .name, "regionCode": .regionCode, "phone": .phone, "address": .address,
            "latitude": .latitude, "longitude": .longitude, "householdLocal": .householdLocal, "householdPlace": .householdPlace,
            "living": .living, "enrolledOn": .enrolledOn,
        ]
        guard let column = map[field] else { return nil }
        self = column
    }
}

/// One problem of one row of an import file, as the report lists it.
public struct ImportProblem: Sendable, Equatable {
    /// The row as the spreadsheet numbers it (the header is row 1).
    public let row: Int
    /// The column's header as written in the file (or the template's when the column is absent).
    public let column: String
    public let error: AppError
    /// The cell's text, so the person fixing the file sees what was there.
    public let value: String

    public init(row: Int, column: String, error: AppError, value: String) {
        self.row = row
        self.column = column
        self.error = error
        self.value = value
    }
}

/// A file's rows read as people: each data row as an input for the register's rules, or
/// the problems that stop it from being one.
public struct ElderImportSheet: Sendable {
    public struct Row: Sendable {
        public let number: Int
        public let input: ElderInput
        /// Problems of reading cells (a latitude that is not a number), before the rules run.
        public let problems: [ImportProblem]
    }

    public let columns: [ElderImportColumn?]
    public let headers: [String]
    public let rows: [Row]
    /// Headers that name no known column; their cells are ignored.
    public var ignoredHeaders: [String] { zip(headers, columns).filter { $0.1 == nil && !$0.0.isEmpty }.map(\.0) }

    public typealias Problem = TableHeaderProblem

    /// Reads `table` (first row = headers). Rows that are wholly empty are skipped.
    public init(table: [[String]]) throws(Problem) {
        guard let headerRow = table.first else { throw .empty }
        headers = headerRow.map(\.trimmingSpaces)
        columns = headers.map(ElderImportColumn.init(header:))
        var seen = Set<ElderImportColumn>()
        for (column, header) in zip(columns, headers) {
            guard let column else { continue }
            if !seen.insert(column).inserted { throw .duplicateColumn(header) }
        }
        let missing = ElderImportColumn.allCases.filter { $0.isRequired && !seen.contains($0) }
        guard missing.isEmpty else { throw .missingColumns(missing.map(\.header)) }

        let idColumn = columns.firstIndex(of: .citizenID)!
        // Local copies: the chunks run in a closure that may not capture `self` before init ends.
        let (columns, headers) = (columns, headers)
        // Rows are read in chunks on all cores (the work is per row and pure), then joined in order.
        let chunk = 4_096
        let parts = ParallelMap.blocking((table.count - 1 + chunk - 1) / chunk) { index in
            var rows: [Row] = []
            let start = 1 + index * chunk
            for offset in start..<min(start + chunk, table.count) {
                let cells = table[offset]
                guard cells.contains(where: { !$0.trimmingSpaces.isEmpty }) else { continue }
                // The template's line of hints is not a person.
                if idColumn < cells.count, cells[idColumn].trimmingSpaces == ElderImportColumn.citizenID.hint { continue }
                rows.append(Self.read(cells, number: offset + 1, columns: columns, headers: headers))
            }
            return rows
        }
        rows = parts.flatMap { $0 }
    }

    /// The header a column has in this file.
    public func header(of column: ElderImportColumn) -> String {
        columns.firstIndex(of: column).map { headers[$0] } ?? column.header
    }

    static func read(_ cells: [String], number: Int, columns: [ElderImportColumn?], headers: [String]) -> Row {
        // A slot per kind of column, in `allCases` order (cheaper than a dictionary per row).
        var slots = [String?](repeating: nil, count: ElderImportColumn.allCases.count)
        for (i, column) in columns.enumerated() {
            guard let column, i < cells.count else { continue }
            let value = cells[i].trimmingSpaces
            if !value.isEmpty { slots[column.slot] = value }
        }
        let text = ColumnText(slots: slots)
        var problems: [ImportProblem] = []
        func header(_ c: ElderImportColumn) -> String { columns.firstIndex(of: c).map { headers[$0] } ?? c.header }
        func decimal(_ c: ElderImportColumn) -> Double? {
            guard let t = text[c] else { return nil }
            guard let v = Double(t) else {
                problems.append(
                    ImportProblem(
                        row: number, column: header(c), error: AppError(.invalidInput, "number_invalid", field: c.rawValue, ["value": t]), value: t))
                return nil
            }
            return v
        }
        var local: Bool?
        if let t = text[.householdLocal] {
            switch t.lowercased() {
            case "是", "本地", "本市", "y", "yes", "true", "1": local = true
            case "否", "外地", "非本地", "n", "no", "false", "0": local = false
            default:
                problems.append(
                    ImportProblem(
                        row: number, column: header(.householdLocal),
                        error: AppError(.invalidInput, "yes_no_invalid", field: "householdLocal", ["value": t]), value: t))
            }
        }
        let categories = text[.categories].map { cell in
            cell.split(whereSeparator: { "、,，;；/ ".contains($0) }).map { ElderInput.CategoryInput(category: String($0)) }
        }
        var contacts: [ElderInput.ContactInput]?
        if text[.contactName] != nil || text[.contactPhone] != nil || text[.contactRelation] != nil {
            contacts = [ElderInput.ContactInput(name: text[.contactName], relation: text[.contactRelation], phone: text[.contactPhone])]
        }
        let input = ElderInput(
            citizenID: text[.citizenID], name: text[.name], phone: text[.phone], address: text[.address],
            regionCode: text[.regionCode], latitude: decimal(.latitude), longitude: decimal(.longitude),
            householdLocal: local, householdPlace: text[.householdPlace], living: text[.living],
            enrolledOn: text[.enrolledOn], categories: categories, contacts: contacts)
        return Row(number: number, input: input, problems: problems)
    }

    /// A row's trimmed, non-empty cells by kind of column.
    struct ColumnText {
        let slots: [String?]
        subscript(_ column: ElderImportColumn) -> String? { slots[column.slot] }
    }

    /// The problems of validating a row's input, each placed in its column.
    public func problems(of row: Row, _ errors: [AppError]) -> [ImportProblem] {
        errors.map { error in
            let column = error.field.flatMap(ElderImportColumn.init(field:))
            let header = column.map { self.header(of: $0) } ?? (error.field ?? "")
            return ImportProblem(row: row.number, column: header, error: error, value: column.map { row.input.cellText($0) } ?? "")
        }
    }
}

extension ElderInput {
    /// The text of a column as it came in, for error reports.
    func cellText(_ column: ElderImportColumn) -> String {
        switch column {
        case .citizenID: citizenID ?? ""
        case .name: name ?? ""
        case .regionCode: regionCode ?? ""
        case .phone: phone ?? ""
        case .address: address ?? ""
        case .latitude: latitude.map { String($0) } ?? ""
        case .longitude: longitude.map { String($0) } ?? ""
        case .householdLocal: householdLocal.map { $0 ? "是" : "否" } ?? ""
        case .householdPlace: householdPlace ?? ""
        case .living: living ?? ""
        case .enrolledOn: enrolledOn ?? ""
        case .categories: (categories ?? []).map(\.category).joined(separator: "、")
        case .contactName: contacts?.first?.name ?? ""
        case .contactRelation: contacts?.first?.relation ?? ""
        case .contactPhone: contacts?.first?.phone ?? ""
        }
    }
}
