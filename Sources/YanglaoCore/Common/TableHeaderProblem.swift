/// Why an imported table cannot be read at all, before any row: the same for every import.
public enum TableHeaderProblem: Error, Sendable, Equatable {
    case empty
    case missingColumns([String])
    case duplicateColumn(String)

    /// The problem as the file-level error the import answers with.
    public var appError: AppError {
        switch self {
        case .empty: AppError(.invalidInput, "import_file_empty", field: "file")
        case .missingColumns(let names): AppError(.invalidInput, "import_columns_missing", field: "file", ["columns": names.joined(separator: "、")])
        case .duplicateColumn(let name): AppError(.invalidInput, "import_column_repeated", field: "file", ["column": name])
        }
    }
}
