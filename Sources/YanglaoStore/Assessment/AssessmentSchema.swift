import Fluent

/// The schema changes of ability assessments, in order.
public enum AssessmentSchema {
    public static var migrations: [any Migration] {
        [CreateAbilityAssessments()]
    }
}
