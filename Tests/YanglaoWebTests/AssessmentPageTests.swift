import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

/// The assessor's form and the reviewer's page, through the real session, CSRF and templates.
@Suite struct AssessmentPageTests {
    @Test func anAssessorFillsTheFormScreenByScreenAndAReviewerApproves() async throws {
        try await withTestApp { app in
            let officer = Browser(app: app)
            try await officer.signIn("village.410902001001")
            _ = try await officer.get("/elders/new")
            let made = try await officer.post("/elders", form: ["citizenId": "410902194503151238", "name": "王大爷", "regionCode": "410902001001"])
            let person = try #require(made.headers.first(name: .location))
            #expect(try await officer.get(person).body.contains("尚无能力评估记录"))

            let assessor = Browser(app: app)
            try await assessor.signIn("assessor")
            let page = try await assessor.get(person)
            #expect(page.body.contains("新建能力评估"))
            let started = try await assessor.post(person + "/assessments", form: ["reason": "first", "assessedOn": "2026-11-20"])
            #expect(started.status == .seeOther)
            let record = try #require(started.headers.first(name: .location)).components(separatedBy: "?")[0]

            // Screen A: the facts; a bad ICD-10 code is shown with what was typed.
            let facts = try await assessor.get(record + "?step=A")
            #expect(facts.body.contains("A.2.14") && facts.body.contains("A.5.11"))
            let badCode = try await assessor.post(
                record + "/step",
                form: [
                    "step": "A", "reason": "first", "assessedOn": "2026-11-20", "diagnoses": "F0X",
                    "event-fall": "1", "go": "B.1",
                ])
            #expect(badCode.status == .badRequest && badCode.body.contains("value=\"F0X\""))
            let savedFacts = try await assessor.post(
                record + "/step",
                form: [
                    "step": "A", "reason": "first", "assessedOn": "2026-11-20",
                    "diagnoses": "F01.1", "event-fall": "1", "go": "B.1",
                ])
            #expect(savedFacts.headers.first(name: .location) == record + "?step=B.1")

            // One dimension per screen, with its subtotal; the draft resumes where it was.
            let all = answers(total: 50)
            for dimension in AbilityDimension.allCases {
                var form = ["step": dimension.code, "go": dimension.code]
                for item in AbilityScale.gbt42195.items(in: dimension) { form["score-\(item.code)"] = String(all[item.code]!) }
                let saved = try await assessor.post(record + "/step", form: form)
                #expect(saved.status == .seeOther, "\(saved.body)")
                let screen = try await assessor.get(record + "?step=\(dimension.code)")
                let subtotal = AbilityScale.gbt42195.items(in: dimension).reduce(0) { $0 + all[$1.code]! }
                #expect(screen.body.contains("data-subtotal-value>\(subtotal)<"), "\(dimension.code)")
                #expect(screen.body.contains("checked"))
            }
            let impossible = try await assessor.post(record + "/step", form: ["step": "B.1", "score-B.1.1": "9"])
            #expect(impossible.status == .badRequest && impossible.body.contains("B.1.1"))

            let review = try await assessor.get(record + "?step=review")
            #expect(review.body.contains("全部项目已评分"))
            let submitted = try await assessor.post(record + "/submit", form: [:])
            #expect(submitted.status == .seeOther)
            let result = try await assessor.get(record)
            #expect(result.body.contains("C.5") && result.body.contains("重度失能") && result.body.contains("中度失能"))  // F01.1: one worse
            #expect(!result.body.contains("/approve"))

            let township = Browser(app: app)
            try await township.signIn("township.410902001")
            let toReview = try await township.get(record)
            #expect(toReview.body.contains("/approve") && toReview.body.contains("/return"))
            let approved = try await township.post(record + "/approve", form: ["note": "同意"])
            #expect(approved.status == .seeOther)
            let after = try await officer.get(person)
            #expect(after.body.contains("已审核") && after.body.contains("现行") && after.body.contains("2027-11-20") && after.body.contains("失能"))

            let due = try await officer.get("/assessments/due?by=2027-12-31")
            #expect(due.status == .ok && due.body.contains("王大爷"))
            #expect(try await officer.get("/assessments/due").body.contains("没有到期需复评的老年人"))

            // Another county's officer cannot open it.
            let other = Browser(app: app)
            try await other.signIn("county.410922")
            #expect(try await other.get(record).status == .notFound)
        }
    }
}
