import Testing

@testable import YanglaoCore

/// The lifecycles of orders, alarms and assessments, each one table the services ask.
@Suite struct LifecycleTests {
    @Test func anAlarmIsAcknowledgedOnceHandledWhileAcknowledgedAndThenClosedForGood() {
        let alarms = AlarmLifecycle.table
        #expect(alarms.next(after: .acknowledge, from: .open) == .acknowledged)
        #expect(alarms.next(after: .escalate, from: .open) == .open)
        #expect(alarms.next(after: .act, from: .acknowledged) == .acknowledged)
        #expect(alarms.next(after: .close, from: .acknowledged) == .closed)
        #expect(!alarms.allows(.act, from: .open) && !alarms.allows(.close, from: .open))
        #expect(!alarms.allows(.acknowledge, from: .acknowledged) && !alarms.allows(.escalate, from: .acknowledged))
        #expect(alarms.events(from: .closed).isEmpty)
    }

    @Test func anAssessmentIsSubmittedFromADraftAndReviewedOnlyWhenSubmitted() {
        let assessments = AssessmentLifecycle.table
        #expect(assessments.next(after: .save, from: .draft) == .draft)
        #expect(assessments.next(after: .submit, from: .draft) == .submitted)
        #expect(assessments.next(after: .approve, from: .submitted) == .approved)
        #expect(assessments.next(after: .returnToAssessor, from: .submitted) == .draft)
        #expect(!assessments.allows(.approve, from: .draft) && !assessments.allows(.save, from: .submitted))
        #expect(assessments.events(from: .approved).isEmpty)
    }

    @Test func anOrdersTableAnswersTheSameAsItsThrowingRule() throws {
        for status in OrderStatus.allCases {
            for event in OrderEvent.allCases {
                let allowed = OrderLifecycle.table.next(after: event, from: status)
                #expect((try? OrderLifecycle.next(after: event, from: status)) == allowed)
            }
        }
        #expect(OrderLifecycle.events(from: .inService) == [.checkOut])
    }
}
