/// 服务商准入: a provider applies (申请), the county reviews (审核) and admits (准入) or
/// rejects it; an admitted provider with a bad record can be suspended and later reinstated
/// [S003 §四(一)4]. Only admitted providers are dispatched to.
public enum ProviderStatus: String, Sendable, Codable, CaseIterable {
    case applied, admitted, rejected, suspended

    public var chineseName: String {
        switch self {
        case .applied: "待审核"
        case .admitted: "已准入"
        case .rejected: "未通过"
        case .suspended: "已暂停"
        }
    }
}

public enum ProviderDecision: String, Sendable, Codable, CaseIterable {
    case admit, reject, suspend, reinstate

    /// The status after the decision, or a conflict naming both.
    public func apply(to status: ProviderStatus) throws(AppError) -> ProviderStatus {
        switch (self, status) {
        case (.admit, .applied), (.reinstate, .suspended): return .admitted
        case (.reject, .applied): return .rejected
        case (.suspend, .admitted): return .suspended
        default: throw AppError(.conflict, "provider_decision_illegal", field: "decision", ["decision": rawValue, "status": status.chineseName])
        }
    }
}

/// What a provider states when it applies: who it is, what it offers, where, at what price.
public struct ProviderApplication: Sendable, Hashable, Codable {
    public var name: String
    /// 统一社会信用代码 of its business licence.
    public var creditCode: String
    public var contactPhone: String
    public var address: String
    /// Service type codes from the catalogue.
    public var serviceTypes: [String]
    /// Region codes it serves (within the admitting county).
    public var serviceArea: [String]
    /// Its own prices in fen per service type; types without a price use the catalogue's.
    public var prices: [String: Int]
    /// 标签, e.g. 星级服务商, 诚信商户.
    public var labels: [String]

    public init(
        name: String, creditCode: String, contactPhone: String, address: String, serviceTypes: [String], serviceArea: [String],
        prices: [String: Int] = [:], labels: [String] = []
    ) {
        self.name = name
        self.creditCode = creditCode
        self.contactPhone = contactPhone
        self.address = address
        self.serviceTypes = serviceTypes
        self.serviceArea = serviceArea
        self.prices = prices
        self.labels = labels
    }

    /// `prices` and `labels` may be left out (as the OpenAPI document says): no own prices, no labels.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        creditCode = try c.decode(String.self, forKey: .creditCode)
        contactPhone = try c.decode(String.self, forKey: .contactPhone)
        address = try c.decode(String.self, forKey: .address)
        serviceTypes = try c.decode([String].self, forKey: .serviceTypes)
        serviceArea = try c.decode([String].self, forKey: .serviceArea)
        prices = try c.decodeIfPresent([String: Int].self, forKey: .prices) ?? [:]
        labels = try c.decodeIfPresent([String].self, forKey: .labels) ?? []
    }

    /// Every problem, each naming its field, for an application to `county`.
    public func problems(in county: RegionCode, catalogue: [ServiceType] = ServiceCatalogue.example) -> [AppError] {
        var problems: [AppError] = []
        let trimmedName = name.trimmingSpaces
        if trimmedName.isEmpty || trimmedName.count > 60 { problems.append(AppError(.invalidInput, "required", field: "name")) }
        do { _ = try CreditCode(creditCode) } catch { problems.append(CreditCode.appError(error, field: "creditCode")) }
        do { _ = try PhoneNumber(contactPhone) } catch {
            problems.append(AppError(.invalidInput, "phone_invalid", field: "contactPhone", ["value": contactPhone]))
        }
        if address.trimmingSpaces.isEmpty || address.count > 200 { problems.append(AppError(.invalidInput, "required", field: "address")) }
        if serviceTypes.isEmpty { problems.append(AppError(.invalidInput, "required", field: "serviceTypes")) }
        for code in serviceTypes where ServiceCatalogue.type(code, in: catalogue) == nil {
            problems.append(AppError(.invalidInput, "service_type_unknown", field: "serviceTypes", ["code": code]))
        }
        if serviceArea.isEmpty { problems.append(AppError(.invalidInput, "required", field: "serviceArea")) }
        for text in serviceArea {
            guard let code = try? RegionCode(text) else {
                problems.append(AppError(.invalidInput, "region_invalid", field: "serviceArea", ["code": text]))
                continue
            }
            if !county.contains(code) {
                problems.append(AppError(.invalidInput, "provider_area_outside", field: "serviceArea", ["code": text, "county": county.value]))
            }
        }
        for (code, fen) in prices.sorted(by: { $0.key < $1.key }) {
            if !serviceTypes.contains(code) { problems.append(AppError(.invalidInput, "service_type_unknown", field: "prices", ["code": code])) }
            if fen <= 0 || fen > 10_000_000 {
                problems.append(AppError(.invalidInput, "out_of_range", field: "prices", ["minimum": "0.01", "maximum": "100000"]))
            }
        }
        if labels.count > 10 || labels.contains(where: { $0.trimmingSpaces.isEmpty || $0.count > 12 }) {
            problems.append(AppError(.invalidInput, "provider_labels_invalid", field: "labels"))
        }
        return problems
    }

    /// The price of a service type: the provider's own, else the catalogue's.
    public func price(of type: ServiceType) -> Int { prices[type.code] ?? type.priceFen }
}
