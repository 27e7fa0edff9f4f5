/// 清单与补贴方案一致: where a service list names a monthly amount for an item and a subsidy
/// scheme with the same code pays it, the two must agree, or the public list promises what
/// the payment file does not pay. A scheme paid by bands (高龄津贴 by age) agrees when its
/// first band, the amount the list's target group starts at, equals the list's figure.
public enum ListedAmounts {
    /// One problem per item whose amount differs from the scheme that pays it, naming both.
    /// `field` is the path of the side being published (`items[code]` or `schemes[code]`).
    public static func problems(list items: [ServiceListItem], schemes: [SubsidyScheme], publishing side: Side) -> [AppError] {
        let byCode = Dictionary(schemes.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [AppError] = []
        for item in items where item.standard.kind == .amount {
            guard let scheme = byCode[item.code], let paid = entryFen(scheme.amount), let perYear = item.standard.period.perYear else { continue }
            guard item.standard.value * perYear != paid * 12 else { continue }
            let field = side == .list ? "items[\(item.code)].standard" : "schemes[\(scheme.code)].amount"
            problems.append(
                AppError(
                    .invalidInput, "listed_amount_differs", field: field,
                    ["item": item.name, "listed": item.standard.chineseText, "paid": "每月 \(ServiceStandard.yuanText(paid)) 元"]))
        }
        return problems
    }

    public enum Side: Sendable {
        case list
        case schemes
    }

    /// The monthly amount a scheme pays the first people it reaches; nil for an amount per
    /// unit of a fact, which a list's single figure cannot state.
    static func entryFen(_ rule: AmountRule) -> Int? {
        switch rule {
        case .fixed(let fen): fen
        case .bands(_, let bands): bands.min { $0.from < $1.from }?.fen
        case .perUnit: nil
        }
    }
}
