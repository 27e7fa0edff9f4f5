import Fluent
import Foundation
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

@Suite struct AssessmentServiceTests {
    func service(_ app: Application, _ username: String) async throws -> AssessmentService {
        AssessmentService(app.context(as: try await app.actor(username), today: People.today))
    }

    func activeCategories(_ app: Application, _ id: UUID) async throws -> Set<ElderCategory> {
        let county = ElderService(try await service(app, "county.410902").context)
        return Set(try await county.categories(of: id).filter { $0.isActive(on: People.today) }.map(\.category))
    }

    @Test func aDraftIsSavedSubmittedScoredApprovedAndSetsTheCategories() async throws {
        try await withTestApp { app in
            let county = try await service(app, "county.410902")
            let person = try await ElderService(county.context).create(People.input(People.wang, name: "王大爷", categories: [.init(category: "低保")]))
            let assessor = try await service(app, "assessor")
            let draft = try await assessor.start(elderID: person.id!, reason: .first, on: CalendarDate("2026-11-20")!)
            #expect(draft.statusValue == .draft)

            // Saved in parts, as the tablet form does, one dimension at a time.
            let all = answers(total: 50)
            let selfCare = all.filter { $0.key.hasPrefix("B.1.") }
            var saved = try await assessor.save(draft.id!, AssessmentDraft(answers: selfCare))
            #expect(saved.answers.answeredCount(of: .selfCare) == selfCare.count)
            do {
                _ = try await assessor.save(draft.id!, AssessmentDraft(answers: ["B.1.1": 9]))
                Issue.record("a score no option has was saved")
            } catch let error as AppError {
                #expect(error.code == "assessment_score_invalid" && error.field == "answers[B.1.1]")
            }
            #expect(try await assessor.record(draft.id!).record.answers["B.1.1"] == selfCare["B.1.1"])  // nothing of it was kept
            do {
                _ = try await assessor.save(draft.id!, AssessmentDraft(answers: ["B.1.1": 9], diagnoses: ["F0X"]))
                Issue.record("bad answers were saved")
            } catch let error as AppError {
                #expect(Set(error.problems.map(\.field)) == ["answers[B.1.1]", "diagnoses[0]"])
            }
            // Submitting with items missing names each of them.
            do {
                _ = try await assessor.submit(draft.id!)
                Issue.record("an incomplete draft was submitted")
            } catch let error as AppError {
                #expect(error.problems.count == AbilityScale.gbt42195.items.count - selfCare.count)
            }
            saved = try await assessor.save(draft.id!, AssessmentDraft(answers: all, diagnoses: ["F03"]))
            let submitted = try await assessor.submit(draft.id!)
            #expect(submitted.total == 50)
            #expect(submitted.initialLevel == AbilityLevel.moderate.rawValue)
            #expect(submitted.finalLevel == AbilityLevel.severe.rawValue)  // F03: one level worse
            #expect(submitted.result?.reasons.map(\.rule) == [.mentalDisorder])

            // The assessor cannot approve; the township reviewer can.
            await #expect(throws: AppError(.forbidden, "assessment_review_forbidden")) { _ = try await assessor.approve(draft.id!) }
            let township = try await service(app, "township.410902001")
            let approved = try await township.approve(draft.id!, note: "核对无误")
            #expect(approved.statusValue == .approved && approved.current)
            #expect(approved.nextDue == "2027-11-20")
            #expect(try await activeCategories(app, person.id!) == [.minimumLiving, .disabled])
            await #expect(throws: AppError(.conflict, "assessment_status", field: "status", ["status": "approved"])) {
                _ = try await assessor.save(draft.id!, AssessmentDraft(answers: ["B.1.1": 0]))
            }

            // An immediate reassessment: better now (轻度), so 失能 ends; due again in six months.
            let again = try await assessor.start(elderID: person.id!, reason: .immediate, on: CalendarDate("2026-11-23")!)
            _ = try await assessor.save(again.id!, AssessmentDraft(answers: answers(total: 70)))
            _ = try await assessor.submit(again.id!)
            let second = try await township.approve(again.id!)
            #expect(second.nextDue == "2027-05-23" && second.finalLevel == AbilityLevel.mild.rawValue)
            #expect(try await activeCategories(app, person.id!) == [.minimumLiving])
            let history = try await county.history(of: person.id!)
            #expect(history.map(\.id) == [again.id, draft.id])
            #expect(history.map(\.current) == [true, false])
            #expect(try await county.current(of: person.id!)?.id == again.id)

            // Due lists: nothing is due today; by 2027-06-01 the immediate one is, in this county only.
            #expect(try await county.due(in: nil, page: ListPage()).total == 0)
            let june = try await county.due(in: nil, by: CalendarDate("2027-06-01")!, page: ListPage())
            #expect(june.total == 1 && june.items.first?.person.name == "王大爷" && june.items.first?.nextDue == "2027-05-23")
            #expect(june.items.first?.finalLevel == .mild)
            let later = AssessmentService(
                StoreContext(
                    database: app.db, actor: try await app.actor("township.410902001"), protection: app.dataProtection,
                    today: CalendarDate("2027-06-01")!))
            #expect(try await later.due(in: RegionCode(validated: "410902001001"), page: ListPage()).total == 1)
            let elsewhere = try await service(app, "county.410922")
            #expect(try await elsewhere.due(in: nil, by: CalendarDate("2027-06-01")!, page: ListPage()).total == 0)
            await #expect(throws: AppError.self) { _ = try await elsewhere.due(in: RegionCode(validated: "410902000000"), page: ListPage()) }
        }
    }

    @Test func reviewersReturnWorkAndNobodyReachesAnotherRegionsAssessments() async throws {
        try await withTestApp { app in
            let county = try await service(app, "county.410902")
            let person = try await ElderService(county.context).create(People.input(People.li, name: "李奶奶"))
            let assessor = try await service(app, "assessor")
            let draft = try await assessor.start(elderID: person.id!, reason: .first)
            _ = try await assessor.save(draft.id!, AssessmentDraft(answers: answers(total: 20)))

            // Only assessors conduct assessments; reviews need a submitted record.
            await #expect(throws: AppError(.forbidden, "assessment_forbidden")) { _ = try await county.start(elderID: person.id!, reason: .first) }
            await #expect(throws: AppError(.conflict, "assessment_status", field: "status", ["status": "draft"])) {
                _ = try await county.approve(draft.id!)
            }
            _ = try await assessor.submit(draft.id!)
            await #expect(throws: AppError(.invalidInput, "required", field: "note")) { _ = try await county.returnToAssessor(draft.id!, note: "  ") }
            let returned = try await county.returnToAssessor(draft.id!, note: "B.3.9 请复核")
            #expect(returned.statusValue == .draft && returned.reviewNote == "B.3.9 请复核" && returned.result == nil)

            // Another county sees neither the person nor the record.
            let other = try await service(app, "county.410922")
            await #expect(throws: AppError(.notFound, "assessment_not_found")) { _ = try await other.record(draft.id!) }
            await #expect(throws: AppError.self) { _ = try await other.history(of: person.id!) }

            // No assessment of someone who has died.
            _ = try await ElderService(county.context).changeStatus(person.id!, to: .deceased, on: People.today, note: nil)
            await #expect(throws: AppError(.conflict, "assessment_person_not_active", field: "elderId", ["status": "deceased"])) {
                _ = try await assessor.start(elderID: person.id!, reason: .regular)
            }
            await #expect(throws: AppError(.invalidInput, "assessment_date_future", field: "assessedOn", ["value": "2026-11-25"])) {
                _ = try await assessor.save(draft.id!, AssessmentDraft(assessedOn: "2026-11-25"))
            }
        }
    }
}
