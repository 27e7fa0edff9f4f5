import Fluent
import Foundation
import YanglaoCore

/// What someone answering a person's call for help should know of their health: the ability
/// level in force (with the day it was assessed), the diagnoses recorded in that assessment,
/// and the chronic illnesses 卫健 reported.
public struct HealthFacts: Sendable {
    public let abilityLevel: String?
    public let assessedOn: String?
    public let diagnoses: [String]
    public let chronicIllnesses: [String]

    public var isEmpty: Bool { abilityLevel == nil && diagnoses.isEmpty && chronicIllnesses.isEmpty }
}

extension ElderService {
    /// The person's health facts; the person must be in the actor's region.
    public func healthFacts(_ id: UUID) async throws -> HealthFacts {
        let current = try await AssessmentService(self.context).current(of: id)
        let reported = try await FeedRecordModel.query(on: scoped.database).filter(\.$elderID == id)
            .filter(\.$event == FeedEvent.chronicIllness.rawValue).sort(\.$eventDate, .descending).limit(10).all()
        return HealthFacts(
            abilityLevel: current?.finalLevel.flatMap(AbilityLevel.init(rawValue:))?.chineseName,
            assessedOn: current?.assessedOn,
            diagnoses: current?.facts.diagnoses.map(\.description) ?? [],
            chronicIllnesses: reported.map { "\($0.detail.isEmpty ? FeedEvent.chronicIllness.chineseName : $0.detail)（\($0.eventDate)）" })
    }
}
