/// Something a subsidy is paid for. A person today; an institution (per new bed, per
/// resident), a facility (per m²) or a caregiver (per certificate level) later — each only
/// has to say what it is and which numbers it has.
public protocol SubsidySubject: Sendable {
    var subjectKind: String { get }
    var subjectKey: String { get }
    var region: RegionCode { get }
    /// A numeric fact on `day` (nil when the subject has no such fact).
    func number(_ fact: String, on day: CalendarDate) -> Int?
    /// The person's facts, for schemes with an eligibility condition; nil for other subjects.
    func personFacts(on day: CalendarDate) -> PersonFacts?
}

/// One payment of one month: how much, and why.
public struct SubsidyLine: Sendable, Hashable, Codable {
    public let scheme: String
    public let subjectKey: String
    public let region: String
    public let fen: Int
    public let form: PaymentForm
    /// The rule, the facts and the amount, in one line of Chinese.
    public let explanation: String

    public init(scheme: String, subjectKey: String, region: String, fen: Int, form: PaymentForm, explanation: String) {
        self.scheme = scheme
        self.subjectKey = subjectKey
        self.region = region
        self.fen = fen
        self.form = form
        self.explanation = explanation
    }
}

/// A scheme's decision for a subject and month: paid (a line) or not, with the reason.
public struct SubsidyOutcome: Sendable, Hashable {
    public let line: SubsidyLine?
    public let reason: String
}

public enum SubsidyCalculator {
    /// The payment of `scheme` to `subject` for `month`. Status, categories and levels are
    /// read on the month's first day (so a death on the 3rd is paid for that month and no
    /// later); ages on the first day or, for `sameMonth`, on the last.
    /// With `onlyPayments`, a subject who is not eligible is turned away without the reason
    /// being written out (a monthly run explains the payments it makes).
    public static func outcome(
        of scheme: SubsidyScheme, for subject: some SubsidySubject, in month: CalendarMonth,
        onlyPayments: Bool = false
    ) -> SubsidyOutcome {
        outcome(
            of: scheme, for: subject, person: subject.personFacts(on: month.firstDay).map { Eligibility.PersonOnDay($0, on: month.firstDay) },
            in: month, onlyPayments: onlyPayments)
    }

    /// `person`: the subject's facts on the month's first day, worked out once for all schemes.
    static func outcome(
        of scheme: SubsidyScheme, for subject: some SubsidySubject, person: Eligibility.PersonOnDay?, in month: CalendarMonth,
        onlyPayments: Bool
    ) -> SubsidyOutcome {
        guard subject.subjectKind == scheme.subjectKind else { return SubsidyOutcome(line: nil, reason: "对象类型不符") }
        let day = month.firstDay
        let ageDay = scheme.timing == .sameMonth ? month.lastDay : day
        var reasons: [String] = []
        // Whatever a scheme's conditions say (or if it has none), nobody is paid who is not in
        // the register on the day the facts are read: the dead and the moved are never paid.
        if scheme.subjectKind == SubsidyScheme.personSubject {
            guard let person else { return SubsidyOutcome(line: nil, reason: "无人员信息") }
            guard person.facts.status == .active else {
                return SubsidyOutcome(line: nil, reason: onlyPayments ? "" : "不在册（\(person.facts.status.chineseName)）")
            }
        }
        if let condition = scheme.eligibility {
            guard let person else { return SubsidyOutcome(line: nil, reason: "无人员信息") }
            if onlyPayments && !Eligibility.holds(condition, person, ageDay: ageDay) { return SubsidyOutcome(line: nil, reason: "") }
            let facts = person.facts
            let decision = Eligibility.evaluate(
                EligibilityRule(code: scheme.code, name: scheme.name, condition: condition), for: facts, on: day, ageDay: ageDay)
            guard decision.eligible else { return SubsidyOutcome(line: nil, reason: decision.explanation) }
            reasons.append(decision.explanation)
        }
        for requirement in scheme.requirements {
            let value = subject.number(requirement.fact, on: ageDay)
            guard let value, value >= requirement.atLeast else {
                return SubsidyOutcome(line: nil, reason: "不符合：\(requirement.label)（\(value.map(String.init) ?? "无")）")
            }
            reasons.append("\(requirement.label)（\(value)）")
        }
        let amount: (fen: Int, text: String)
        switch scheme.amount {
        case .fixed(let fen):
            amount = (fen, "每月 \(ServiceStandard.yuanText(fen)) 元")
        case .bands(let fact, let bands):
            guard let value = subject.number(fact, on: ageDay),
                let band = bands.sorted(by: { $0.from < $1.from }).last(where: { value >= $0.from })
            else {
                return SubsidyOutcome(line: nil, reason: "不在任何档次内")
            }
            amount = (band.fen, "\(band.label) 每月 \(ServiceStandard.yuanText(band.fen)) 元")
        case .perUnit(let fact, let fen):
            guard let units = subject.number(fact, on: ageDay), units > 0 else { return SubsidyOutcome(line: nil, reason: "无可计数量") }
            let (total, overflow) = units.multipliedReportingOverflow(by: fen)
            guard !overflow else { return SubsidyOutcome(line: nil, reason: "数量 \(units) 超出可计算范围") }
            amount = (total, "\(units) × \(ServiceStandard.yuanText(fen)) 元 = \(ServiceStandard.yuanText(total)) 元")
        }
        guard amount.fen > 0 else { return SubsidyOutcome(line: nil, reason: "金额为零") }
        let explanation = "\(scheme.name)：" + (reasons + ["金额：\(amount.text)"]).joined(separator: "；")
        return SubsidyOutcome(
            line: SubsidyLine(
                scheme: scheme.code, subjectKey: subject.subjectKey, region: subject.region.value,
                fen: amount.fen, form: scheme.form, explanation: explanation), reason: explanation)
    }

    /// The lines of every scheme for every subject of a month.
    public static func lines(_ schemes: [SubsidyScheme], _ subjects: [some SubsidySubject], in month: CalendarMonth) -> [SubsidyLine] {
        subjects.flatMap { subject in
            let person = subject.personFacts(on: month.firstDay).map { Eligibility.PersonOnDay($0, on: month.firstDay) }
            return schemes.compactMap { outcome(of: $0, for: subject, person: person, in: month, onlyPayments: true).line }
        }
    }
}

/// A person as a subsidy subject: the register's facts, with the status as it was on a day
/// (a person who died on the 3rd was in the register on the 1st).
public struct PersonSubject: SubsidySubject {
    public let key: String
    public let facts: PersonFacts
    /// When the present non-active status began (nil when active or unknown).
    public let statusSince: CalendarDate?

    public init(key: String, facts: PersonFacts, statusSince: CalendarDate?) {
        self.key = key
        self.facts = facts
        self.statusSince = statusSince
    }

    public var subjectKind: String { "person" }
    public var subjectKey: String { key }
    public var region: RegionCode { facts.region }

    public func number(_ fact: String, on day: CalendarDate) -> Int? {
        fact == "age" ? facts.birthDate.age(on: day) : nil
    }

    public func personFacts(on day: CalendarDate) -> PersonFacts? {
        var facts = facts
        if facts.status != .active, let since = statusSince, day < since { facts.status = .active }
        return facts
    }
}
