import Vapor
import YanglaoCore
import YanglaoStore

/// An ability level as the API shows it: the number (0 能力完好 … 4 完全失能) and its names.
struct AbilityLevelDTO: Content {
    let code: Int
    let name: String
    let nameEn: String

    init(_ level: AbilityLevel) {
        code = level.rawValue
        name = level.chineseName
        nameEn = level.englishName
    }
}

/// One assessment record: the facts, the answers, and once submitted the scored result.
struct AssessmentDTO: Content {
    struct Subtotal: Content {
        let dimension: String
        let name: String
        let score: Int
        let maximum: Int
    }
    struct Reason: Content {
        let rule: String
        let basis: String
        let effect: String
        let from: AbilityLevelDTO
        let to: AbilityLevelDTO
        let diagnoses: [String]
        let text: String
        let textEn: String
    }
    struct Result: Content {
        let standard: String
        let subtotals: [Subtotal]
        let total: Int
        let initialLevel: AbilityLevelDTO
        let reasons: [Reason]
        let finalLevel: AbilityLevelDTO
        let stacking: String
    }

    let id: UUID
    let elderId: UUID
    let standard: String
    let reason: String
    let assessedOn: String
    let status: String
    let assessor: String
    let answers: [String: Int]
    let coma: Bool
    let diagnoses: [String]
    let careRiskEvents: CareRiskEvents
    let result: Result?
    let reviewer: String?
    let reviewedAt: Date?
    let reviewNote: String?
    let nextDue: String?
    let current: Bool

    init(_ m: AbilityAssessmentModel) {
        id = m.id!
        elderId = m.$elder.id
        standard = m.standard
        reason = m.reason
        assessedOn = m.assessedOn
        status = m.status
        assessor = m.assessorName
        answers = m.answers.scores
        let facts = m.facts
        coma = facts.coma
        diagnoses = facts.diagnoses.map(\.value)
        careRiskEvents = facts.careRiskEvents
        result = m.result.map { r in
            Result(
                standard: r.standard,
                subtotals: r.subtotals.map {
                    Subtotal(dimension: $0.dimension.code, name: $0.dimension.chineseName, score: $0.score, maximum: $0.maximum)
                },
                total: r.total, initialLevel: AbilityLevelDTO(r.initialLevel),
                reasons: r.reasons.map {
                    Reason(
                        rule: $0.rule.rawValue, basis: $0.rule.basis, effect: $0.effect.rawValue, from: AbilityLevelDTO($0.from),
                        to: AbilityLevelDTO($0.to), diagnoses: $0.diagnoses.map(\.value), text: $0.chineseText, textEn: $0.englishText)
                },
                finalLevel: AbilityLevelDTO(r.finalLevel), stacking: r.settings.stacking.rawValue)
        }
        reviewer = m.reviewerName
        reviewedAt = m.reviewedAt
        reviewNote = m.reviewNote
        nextDue = m.nextDue
        current = m.current
    }
}

/// The scale itself, for forms and other clients: dimensions, items, options and scores.
struct AssessmentScaleDTO: Content {
    struct Option: Content {
        let score: Int
        let text: String
    }
    struct Item: Content {
        let code: String
        let dimension: String
        let name: String
        let nameEn: String
        let maximum: Int
        let options: [Option]
    }
    struct Dimension: Content {
        let code: String
        let name: String
        let nameEn: String
        let maximum: Int
    }
    struct Level: Content {
        let code: Int
        let name: String
        let nameEn: String
        let minimum: Int
        let maximum: Int
    }

    let standard: String
    let maximum: Int
    let dimensions: [Dimension]
    let items: [Item]
    let levels: [Level]

    init(_ scale: AbilityScale) {
        standard = scale.standard
        maximum = scale.maximum
        dimensions = AbilityDimension.allCases.map {
            Dimension(code: $0.code, name: $0.chineseName, nameEn: $0.englishName, maximum: scale.maximum(of: $0))
        }
        items = scale.items.map { item in
            Item(
                code: item.code, dimension: item.dimension.code, name: item.chineseName, nameEn: item.englishName, maximum: item.maximum,
                options: item.options.map { Option(score: $0.score, text: $0.text) })
        }
        levels = AbilityLevel.allCases.map {
            Level(code: $0.rawValue, name: $0.chineseName, nameEn: $0.englishName, minimum: $0.totals.lowerBound, maximum: $0.totals.upperBound)
        }
    }
}

/// A person due for reassessment.
struct AssessmentDueDTO: Content {
    let elderId: UUID
    let name: String
    let regionCode: String
    let citizenId: String
    let assessmentId: UUID
    let finalLevel: AbilityLevelDTO?
    let assessedOn: String
    let nextDue: String

    init(_ due: AssessmentDue) {
        elderId = due.person.id
        name = due.person.name
        regionCode = due.person.regionCode
        citizenId = due.person.idMasked
        assessmentId = due.assessmentID
        finalLevel = due.finalLevel.map(AbilityLevelDTO.init)
        assessedOn = due.assessedOn
        nextDue = due.nextDue
    }
}
