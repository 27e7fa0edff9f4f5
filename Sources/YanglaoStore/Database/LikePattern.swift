import Fluent
import FluentSQL
import SQLKit

/// 模糊查询: `column LIKE '%text%' ESCAPE '\'`, with `%`, `_` and `\` in the searched text
/// matched as themselves. A search for `%` finds names containing a percent sign, not
/// everyone in scope. The one way a search box reaches a LIKE.
public struct SQLContains: SQLExpression {
    public let column: any SQLExpression
    public let text: String

    public init(_ column: any SQLExpression, _ text: String) {
        self.column = column
        self.text = text
    }

    public static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    public func serialize(to serializer: inout SQLSerializer) {
        column.serialize(to: &serializer)
        serializer.write(" LIKE ")
        SQLBind("%" + Self.escaped(text) + "%").serialize(to: &serializer)
        serializer.write(" ESCAPE '\\'")
    }
}

extension QueryBuilder {
    /// Rows whose `field` contains `text` literally (see `SQLContains`).
    @discardableResult
    public func filter(_ field: FieldKey, containing text: String) -> Self {
        filter(.sql(SQLContains(SQLColumn(field.description, table: Model.schemaOrAlias), text)))
    }
}
