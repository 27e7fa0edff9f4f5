import YanglaoCore

/// Answers on GB/T 42195 adding up to `total`, as item code → score.
public func answers(total: Int) -> [String: Int] { DemoAssessmentPlan.answers(total: total).scores }
