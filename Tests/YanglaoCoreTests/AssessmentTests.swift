import Foundation
import Testing
import YanglaoCore

@Suite struct AssessmentScaleTests {
    let scale = AbilityScale.gbt42195

    @Test func theScaleHasTwentySixItemsInTheStandardsOrder() {
        #expect(scale.standard == "GB/T 42195-2022")
        #expect(
            scale.items.map(\.code) == [
                "B.1.1", "B.1.2", "B.1.3", "B.1.4", "B.1.5", "B.1.6", "B.1.7", "B.1.8",
                "B.2.1", "B.2.2", "B.2.3", "B.2.4",
                "B.3.1", "B.3.2", "B.3.3", "B.3.4", "B.3.5", "B.3.6", "B.3.7", "B.3.8", "B.3.9",
                "B.4.1", "B.4.2", "B.4.3", "B.4.4", "B.4.5",
            ])
        #expect(AbilityDimension.allCases.map { scale.items(in: $0).count } == [8, 4, 9, 5])
        #expect(scale.items.allSatisfy { $0.code.hasPrefix($0.dimension.code + ".") })
    }

    @Test func everyDimensionsMaximumIsWhatItsItemsAddUpTo() {
        #expect(AbilityDimension.allCases.map(\.maximum) == [32, 15, 28, 15])
        for dimension in AbilityDimension.allCases {
            #expect(scale.maximum(of: dimension) == dimension.maximum, "\(dimension.chineseName)")
        }
        #expect(scale.maximum == 90)
        #expect(AbilityDimension.allCases.reduce(0) { $0 + $1.maximum } == 90)
    }

    @Test func itemMaximaAreTheStandardsAndOptionsRunFromBestToZero() {
        #expect(scale.items.map(\.maximum) == [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 4, 4, 4, 4, 4, 4, 1, 1, 2, 2, 2, 4, 3, 4])
        for item in scale.items {
            #expect(item.options.map(\.score) == Array((0...item.maximum).reversed()), "\(item.code)")
            #expect(item.options.allSatisfy { !$0.text.isEmpty && !$0.text.contains("…") }, "\(item.code)")
        }
    }

    @Test func namesAndOptionTextsAreTheStandards() throws {
        let eating = try #require(scale.item("B.1.1"))
        #expect(eating.chineseName == "进食" && eating.englishName == "Eating")
        #expect(eating.definition == "使用适当的器具将食物送入口中并咽下")
        #expect(eating.option(scoring: 0)?.text == "完全依赖他人协助进食，或吞咽困难，或留置营养管")
        #expect(
            scale.item("B.1.2")?.options.map(\.text) == [
                "独立完成，不需要协助", "在他人指导或提示下完成", "需要他人协助，但以自身完成为主",
                "主要依靠他人协助，自身能给予配合", "完全依赖他人协助，且不能给予配合",
            ])
        #expect(scale.item("B.2.2")?.chineseName == "床椅转移")
        #expect(scale.item("B.2.4")?.option(scoring: 3)?.text == "可独立上下楼梯（连续上下10个~15个台阶），不需要协助")
        #expect(scale.item("B.3.7")?.options.map(\.text) == ["未出现", "近一个月内出现过攻击行为"])
        #expect(scale.item("B.3.9")?.option(scoring: 0)?.text.hasSuffix("或者昏迷：意识丧失，随意运动丧失，对一般刺激全无反应") == true)
        #expect(scale.item("B.4.3")?.option(scoring: 2)?.text == "在计划、安排和完成日常事务时需要少量协助")
        #expect(scale.item("B.4.5")?.option(scoring: 0)?.text == "不能与人交往")
        #expect(scale.item("B.1.8")?.note == "评估中强调排泄前解开裤子、完成排泄后清洁身体、穿上裤子")
        #expect(scale.item("B.5.1") == nil)
    }
}

/// Answers that add up to `total`: every item at its best (or at `fixed`), then points
/// taken away item by item from the end of the scale.
func answers(total: Int, fixed: [String: Int] = [:]) -> AssessmentAnswers {
    let items = AbilityScale.gbt42195.items
    var scores = Dictionary(uniqueKeysWithValues: items.map { ($0.code, fixed[$0.code] ?? $0.maximum) })
    var toRemove = scores.values.reduce(0, +) - total
    for item in items.reversed() where toRemove > 0 && fixed[item.code] == nil {
        let taken = min(scores[item.code]!, toRemove)
        scores[item.code]! -= taken
        toRemove -= taken
    }
    precondition(toRemove == 0, "no answers add up to \(total)")
    return AssessmentAnswers(scores)
}

/// Answers adding up to `total` with B.3.9 意识水平 = 0, as a coma requires.
func comaAnswers(total: Int) -> AssessmentAnswers { answers(total: total, fixed: ["B.3.9": 0]) }

@Suite struct AssessmentScoringTests {
    struct Boundary: Sendable, CustomTestStringConvertible {
        let total: Int, level: AbilityLevel
        var testDescription: String { "\(total) → \(level.chineseName)" }
    }

    @Test(arguments: [
        Boundary(total: 90, level: .intact), Boundary(total: 89, level: .mild), Boundary(total: 66, level: .mild),
        Boundary(total: 65, level: .moderate), Boundary(total: 46, level: .moderate), Boundary(total: 45, level: .severe),
        Boundary(total: 30, level: .severe), Boundary(total: 29, level: .complete), Boundary(total: 0, level: .complete),
    ])
    func boundaryTotalsGiveTheStandardsLevels(_ c: Boundary) throws {
        let result = try AbilityScoring.evaluate(answers(total: c.total))
        #expect(result.total == c.total)
        #expect(result.initialLevel == c.level)
        #expect(result.finalLevel == c.level)
        #expect(result.reasons.isEmpty)
        #expect(AbilityLevel(total: c.total) == c.level)
        #expect(c.level.totals.contains(c.total))
    }

    @Test func everyTotalFromZeroToNinetyHasExactlyOneLevel() {
        for total in 0...90 {
            let levels = AbilityLevel.allCases.filter { $0.totals.contains(total) }
            #expect(levels.count == 1 && AbilityLevel(total: total) == levels.first, "\(total)")
        }
    }

    @Test func totalsOutsideTheScaleHaveNoLevel() {
        #expect(AbilityLevel(total: 91) == nil)
        #expect(AbilityLevel(total: -1) == nil)
    }

    @Test func levelNamesAreTheStandards() {
        #expect(
            AbilityLevel.allCases.map(\.standardName) == [
                "能力完好", "能力轻度受损（轻度失能）", "能力中度受损（中度失能）", "能力重度受损（重度失能）", "能力完全丧失（完全失能）",
            ])
        #expect(AbilityLevel.allCases.map(\.chineseName) == ["能力完好", "轻度失能", "中度失能", "重度失能", "完全失能"])
        #expect(AbilityLevel.allCases.map(\.rawValue) == [0, 1, 2, 3, 4])
    }

    @Test func subtotalsArePerDimension() throws {
        var a = answers(total: 90)
        a["B.1.1"] = 1  // -3 self-care
        a["B.2.4"] = 0  // -3 mobility
        a["B.3.7"] = 0  // -1 mental
        a["B.3.9"] = 1  // -1 mental
        a["B.4.1"] = 0  // -2 perception
        let result = try AbilityScoring.evaluate(a)
        #expect(result.subtotals.map(\.score) == [29, 12, 26, 13])
        #expect(result.subtotals.map(\.maximum) == [32, 15, 28, 15])
        #expect(result.subtotals.map(\.dimension) == AbilityDimension.allCases)
        #expect(result.subtotal(.mentalState) == 26)
        #expect(result.total == 80)
        #expect(result.initialLevel == .mild)
    }

    @Test func comaAloneRatesCompleteDisability() throws {
        let result = try AbilityScoring.evaluate(comaAnswers(total: 70), facts: LevelChangeFacts(coma: true))
        #expect(result.total == 70)
        #expect(result.initialLevel == .mild)
        #expect(result.finalLevel == .complete)
        #expect(result.reasons == [LevelChangeReason(rule: .coma, from: .mild, to: .complete, effect: .applied)])
        #expect(result.reasons.map(\.code) == ["coma"])
        #expect(result.reasons[0].chineseText == "处于昏迷状态者，直接评定为能力完全丧失（完全失能）。轻度失能 → 完全失能")
    }

    @Test func comaLevelIsASetting() throws {
        let result = try AbilityScoring.evaluate(
            comaAnswers(total: 70), facts: LevelChangeFacts(coma: true),
            settings: LevelChangeSettings(comaLevel: .severe))
        #expect(result.finalLevel == .severe)
        #expect(result.reasons.map(\.to) == [.severe])
    }

    @Test(arguments: ["F01.1", "F03", "F32", "F20.0", "F99"])
    func aMentalDiagnosisAloneMovesOneLevelWorse(_ code: String) throws {
        let facts = LevelChangeFacts(diagnoses: [try ICD10Code(code), try ICD10Code("I10")])
        let result = try AbilityScoring.evaluate(answers(total: 50), facts: facts)
        #expect(result.initialLevel == .moderate)
        #expect(result.finalLevel == .severe)
        #expect(
            result.reasons == [
                LevelChangeReason(
                    rule: .mentalDisorder, from: .moderate, to: .severe, effect: .applied,
                    diagnoses: [try ICD10Code(code)])
            ])
    }

    @Test func otherDiagnosesChangeNothing() throws {
        let facts = LevelChangeFacts(diagnoses: try ["I10", "G30", "E11.9", "I63"].map { try ICD10Code($0) })
        let result = try AbilityScoring.evaluate(answers(total: 90), facts: facts)
        #expect(result.finalLevel == .intact)
        #expect(result.reasons.isEmpty)
    }

    @Test func diagnosisReasonNamesTheCodes() throws {
        let facts = LevelChangeFacts(diagnoses: [try ICD10Code("f011"), try ICD10Code("F01.1"), try ICD10Code("F32")])
        let result = try AbilityScoring.evaluate(answers(total: 90), facts: facts)
        #expect(result.reasons.map(\.diagnoses) == [[try ICD10Code("F01.1"), try ICD10Code("F32")]])
        #expect(result.reasons[0].chineseText == "确诊为痴呆（F00～F03）、精神科专科医生诊断的其他精神和行为障碍疾病（F04～F99），在原有能力级别上应提高一个级别。依据：F01.1、F32。能力完好 → 轻度失能")
        #expect(result.reasons[0].englishText.hasSuffix("Basis: F01.1, F32. Intact ability → Mild disability"))
    }

    struct RiskCase: Sendable, CustomTestStringConvertible {
        let events: CareRiskEvents, counting: LevelChangeSettings.RiskEventCounting, worsens: Bool
        var testDescription: String { "\(events.total) events, \(counting.rawValue) → \(worsens)" }
    }

    @Test(arguments: [
        RiskCase(events: CareRiskEvents(fall: .once), counting: .allKinds, worsens: false),
        RiskCase(events: CareRiskEvents(fall: .twice), counting: .allKinds, worsens: true),
        RiskCase(events: CareRiskEvents(fall: .once, choking: .once), counting: .allKinds, worsens: true),
        RiskCase(events: CareRiskEvents(wanderingOff: .once, other: .once), counting: .allKinds, worsens: true),
        RiskCase(events: CareRiskEvents(suicideOrSelfHarm: .threeOrMore), counting: .allKinds, worsens: true),
        RiskCase(events: CareRiskEvents(fall: .once, choking: .once), counting: .sameKind, worsens: false),
        RiskCase(events: CareRiskEvents(fall: .twice), counting: .sameKind, worsens: true),
    ])
    func twoOrMoreCareRiskEventsMoveOneLevelWorse(_ c: RiskCase) throws {
        let result = try AbilityScoring.evaluate(
            answers(total: 66), facts: LevelChangeFacts(careRiskEvents: c.events),
            settings: LevelChangeSettings(riskEventCounting: c.counting))
        #expect(result.initialLevel == .mild)
        #expect(result.finalLevel == (c.worsens ? .moderate : .mild))
        #expect(
            result.reasons
                == (c.worsens
                    ? [
                        LevelChangeReason(
                            rule: .careRiskEvents, from: .mild, to: .moderate, effect: .applied,
                            careRiskEvents: c.events)
                    ] : []))
    }

    @Test func riskReasonNamesTheEvents() throws {
        let events = CareRiskEvents(fall: .once, choking: .threeOrMore)
        let result = try AbilityScoring.evaluate(answers(total: 30), facts: LevelChangeFacts(careRiskEvents: events))
        #expect(result.finalLevel == .complete)
        #expect(result.reasons.first?.chineseText == "近30天内发生过2次及以上照护风险事件（如跌倒、噎食、自杀、自伤、走失等），在原有能力级别上提高一个等级。依据：跌倒发生过1次、噎食发生过3次及以上。重度失能 → 完全失能")
    }

    static let bothRules = LevelChangeFacts(diagnoses: [try! ICD10Code("F03")], careRiskEvents: CareRiskEvents(fall: .twice))

    @Test func bothRulesMoveOneStepByDefault() throws {
        let result = try AbilityScoring.evaluate(answers(total: 60), facts: Self.bothRules)
        #expect(result.settings.stacking == .oneStep)
        #expect(result.initialLevel == .moderate)
        #expect(result.finalLevel == .severe)
        #expect(result.reasons.map(\.rule) == [.mentalDisorder, .careRiskEvents])
        #expect(result.reasons.map(\.effect) == [.applied, .sharedStep])
        #expect(result.reasons.map(\.from) == [.moderate, .severe])
        #expect(result.reasons.map(\.to) == [.severe, .severe])
    }

    @Test func bothRulesMoveTwoStepsPerRule() throws {
        let result = try AbilityScoring.evaluate(answers(total: 60), facts: Self.bothRules, settings: LevelChangeSettings(stacking: .perRule))
        #expect(result.finalLevel == .complete)
        #expect(result.reasons.map(\.effect) == [.applied, .applied])
        #expect(result.reasons.map(\.from) == [.moderate, .severe])
        #expect(result.reasons.map(\.to) == [.severe, .complete])
    }

    @Test func comaOverridesTheOtherRules() throws {
        var facts = Self.bothRules
        facts.coma = true
        for stacking in LevelChangeSettings.Stacking.allCases {
            let result = try AbilityScoring.evaluate(comaAnswers(total: 80), facts: facts, settings: LevelChangeSettings(stacking: stacking))
            #expect(result.initialLevel == .mild)
            #expect(result.finalLevel == .complete)
            #expect(result.reasons.map(\.rule) == [.coma, .mentalDisorder, .careRiskEvents])
            #expect(result.reasons.map(\.effect) == [.applied, .supersededByComa, .supersededByComa])
            #expect(result.reasons.map(\.to) == [.complete, .complete, .complete])
        }
        // With coma rated 重度失能 the other rules still add nothing.
        let severe = try AbilityScoring.evaluate(
            comaAnswers(total: 80), facts: facts,
            settings: LevelChangeSettings(stacking: .perRule, comaLevel: .severe))
        #expect(severe.finalLevel == .severe)
    }

    @Test func neverBeyondCompleteDisability() throws {
        let both = try AbilityScoring.evaluate(answers(total: 20), facts: Self.bothRules, settings: LevelChangeSettings(stacking: .perRule))
        #expect(both.finalLevel == .complete)
        #expect(both.reasons.map(\.effect) == [.capped, .capped])
        #expect(both.reasons[0].chineseText.hasSuffix("已是完全失能，不再提高"))

        let oneOverTheTop = try AbilityScoring.evaluate(answers(total: 40), facts: Self.bothRules, settings: LevelChangeSettings(stacking: .perRule))
        #expect(oneOverTheTop.initialLevel == .severe)
        #expect(oneOverTheTop.finalLevel == .complete)
        #expect(oneOverTheTop.reasons.map(\.effect) == [.applied, .capped])

        let coma = try AbilityScoring.evaluate(comaAnswers(total: 10), facts: LevelChangeFacts(coma: true))
        #expect(coma.reasons == [LevelChangeReason(rule: .coma, from: .complete, to: .complete, effect: .capped)])
        #expect(AbilityLevel.complete.worsened(by: 2) == .complete)
        #expect(AbilityLevel.mild.worsened(by: 2) == .severe)
    }

    @Test func theChangeRulesAreAPureFunctionOfTheInitialLevel() {
        for initial in AbilityLevel.allCases {
            let one = AbilityScoring.applyChangeRules(to: initial, facts: Self.bothRules)
            let two = AbilityScoring.applyChangeRules(to: initial, facts: Self.bothRules, settings: LevelChangeSettings(stacking: .perRule))
            #expect(one.level == initial.worsened(by: 1))
            #expect(two.level == initial.worsened(by: 2))
            #expect(AbilityScoring.applyChangeRules(to: initial, facts: .none).level == initial)
        }
    }

    @Test func aResultSurvivesJSON() throws {
        let result = try AbilityScoring.evaluate(answers(total: 60), facts: Self.bothRules)
        let data = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(AbilityAssessmentResult.self, from: data) == result)
        #expect(String(decoding: data, as: UTF8.self).contains("\"F03\""))
    }
}

@Suite struct AssessmentAnswerValidationTests {
    @Test func missingItemsAreEachNamed() {
        var a = answers(total: 90)
        a["B.1.3"] = nil
        a["B.4.5"] = nil
        let problems = a.problems()
        #expect(problems.map(\.code) == ["assessment_item_missing", "assessment_item_missing"])
        #expect(problems.map(\.field) == ["answers[B.1.3]", "answers[B.4.5]"])
        #expect(problems.map { $0.arguments["item"] } == ["B.1.3", "B.4.5"])
        #expect(problems.map { $0.arguments["name"] } == ["洗澡", "社会交往能力"])
        #expect(problems.map { $0.arguments["nameEn"] } == ["Bathing", "Social interaction"])
    }

    @Test func emptyAnswersNameAllTwentySixItems() {
        let problems = AssessmentAnswers().problems()
        #expect(problems.count == 26)
        #expect(problems.map { $0.arguments["item"] } == AbilityScale.gbt42195.items.map(\.code))
    }

    @Test func scoresNoOptionHasAreRejectedWithTheItemNamed() {
        var a = answers(total: 90)
        a["B.1.1"] = -1
        a["B.2.4"] = 4  // B.2.4 is worth 3 at most
        a["B.3.7"] = 2  // B.3.7 is 0 or 1
        a["B.5.1"] = 3  // no such item
        let problems = a.problems()
        #expect(
            problems.map(\.code) == ["assessment_score_invalid", "assessment_score_invalid", "assessment_score_invalid", "assessment_item_unknown"])
        #expect(problems.map(\.field) == ["answers[B.1.1]", "answers[B.2.4]", "answers[B.3.7]", "answers[B.5.1]"])
        #expect(
            problems[1].arguments == [
                "item": "B.2.4", "name": "上下楼梯", "nameEn": "Climbing stairs",
                "value": "4", "minimum": "0", "maximum": "3",
            ])
        #expect(problems[2].arguments["maximum"] == "1")
        #expect(problems[3].arguments == ["item": "B.5.1"])
    }

    @Test func evaluateThrowsEveryProblemAtOnce() {
        var a = answers(total: 90)
        a["B.1.1"] = nil
        a["B.3.9"] = 3
        let error = #expect(throws: AppError.self) { try AbilityScoring.evaluate(a) }
        #expect(error?.kind == .invalidInput)
        #expect(error?.code == "assessment_item_missing")
        #expect(error?.details.map(\.code) == ["assessment_item_missing", "assessment_score_invalid"])
        #expect(error?.details.map(\.field) == ["answers[B.1.1]", "answers[B.3.9]"])
    }

    @Test func aComaNeedsConsciousnessScoredZero() {
        let awake = answers(total: 90)
        #expect(AbilityScoring.problems(awake, facts: LevelChangeFacts(coma: true)).map(\.code) == ["assessment_coma_conflict"])
        #expect(AbilityScoring.problems(awake, facts: LevelChangeFacts(coma: true)).first?.arguments == ["value": "2"])
        var unconscious = awake
        unconscious["B.3.9"] = 0
        #expect(AbilityScoring.problems(unconscious, facts: LevelChangeFacts(coma: true)).isEmpty)
    }

    @Test func itemCodesAreReadWithoutCaseOrSpaces() {
        var a = AssessmentAnswers([" b.1.1 ": 3])
        #expect(a["B.1.1"] == 3)
        a["b.2.4"] = 2
        #expect(a.scores == ["B.1.1": 3, "B.2.4": 2])
    }

    @Test func aPartlyFilledFormShowsRunningSubtotals() {
        let a = AssessmentAnswers(["B.1.1": 3, "B.1.2": 4, "B.1.3": 9, "B.2.4": 1])
        #expect(a.runningSubtotal(of: .selfCare) == 7)
        #expect(a.answeredCount(of: .selfCare) == 2)
        #expect(a.runningSubtotal(of: .basicMobility) == 1)
        #expect(a.runningSubtotal(of: .mentalState) == 0)
    }
}

@Suite struct ICD10CodeTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        let input: String, value: String, mental: MentalDisorderClass?
        var testDescription: String { input }
    }

    @Test(arguments: [
        Valid(input: "F01.1", value: "F01.1", mental: .dementia),
        Valid(input: "f01.1", value: "F01.1", mental: .dementia),
        Valid(input: " F 01 . 1\u{3000}", value: "F01.1", mental: .dementia),
        Valid(input: "F011", value: "F01.1", mental: .dementia),
        Valid(input: "F00", value: "F00", mental: .dementia),
        Valid(input: "F00.0*", value: "F00.0", mental: .dementia),
        Valid(input: "F03.x00", value: "F03.X00", mental: .dementia),
        Valid(input: "Ｆ０３．９", value: "F03.9", mental: .dementia),
        Valid(input: "F04", value: "F04", mental: .otherMental),
        Valid(input: "F32", value: "F32", mental: .otherMental),
        Valid(input: "f20.0", value: "F20.0", mental: .otherMental),
        Valid(input: "F99", value: "F99", mental: .otherMental),
        Valid(input: "G30†", value: "G30", mental: nil),
        Valid(input: "I63", value: "I63", mental: nil),
        Valid(input: "E11.9", value: "E11.9", mental: nil),
    ])
    func codesAreNormalisedAndClassified(_ c: Valid) throws {
        let code = try ICD10Code(c.input)
        #expect(code.value == c.value)
        #expect(code.mentalDisorderClass == c.mental)
    }

    @Test(arguments: [
        ("", ICD10Code.Problem.empty),
        ("  ", .empty),
        ("F1", .malformed("F1")),
        ("FF01", .malformed("FF01")),
        ("01.1", .malformed("01.1")),
        ("F01..1", .malformed("F01..1")),
        ("F00-F03", .malformed("F00-F03")),
        ("痴呆", .malformed("痴呆")),
        ("F01.12345678901", .malformed("F01.12345678901")),
    ])
    func malformedCodesAreRejected(_ input: String, _ problem: ICD10Code.Problem) {
        #expect(throws: problem) { try ICD10Code(input) }
    }

    @Test func typedDiagnosesReportEachBadOne() {
        let parsed = LevelChangeFacts.diagnoses(from: ["F03", "痴呆", "i10", ""])
        #expect(parsed.codes.map(\.value) == ["F03", "I10"])
        #expect(parsed.problems.map(\.field) == ["diagnoses[1]", "diagnoses[3]"])
        #expect(parsed.problems.map(\.code) == ["icd10_code_invalid", "required"])
        #expect(parsed.problems[0].arguments == ["value": "痴呆"])
    }

    @Test func codesAreStoredAsText() throws {
        let codes = try JSONDecoder().decode([ICD10Code].self, from: Data(#"["f01.1","F32"]"#.utf8))
        #expect(codes.map(\.value) == ["F01.1", "F32"])
        #expect(String(decoding: try JSONEncoder().encode(codes), as: UTF8.self) == #"["F01.1","F32"]"#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ICD10Code].self, from: Data(#"["xyz"]"#.utf8)) }
    }
}

@Suite struct DisabilityCategoryMappingTests {
    @Test func finalLevelsGiveRegisterCategories() {
        #expect(AbilityLevel.allCases.map { $0.registerCategories() } == [[], [], [.semiDisabled], [.disabled], [.disabled]])
        #expect(DisabilityCategoryMapping.assessedCategories == [.disabled, .semiDisabled])
    }

    @Test func aRegionMayMoveTheLines() {
        let wider = DisabilityCategoryMapping(disabledFrom: .severe, semiDisabledFrom: .mild)
        #expect(AbilityLevel.allCases.map(wider.categories(for:)) == [[], [.semiDisabled], [.semiDisabled], [.disabled], [.disabled]])
        // A semi-disabled line below the disabled one is pulled up to it.
        let odd = DisabilityCategoryMapping(disabledFrom: .moderate, semiDisabledFrom: .complete)
        #expect(AbilityLevel.allCases.map(odd.categories(for:)) == [[], [], [.disabled], [.disabled], [.disabled]])
    }

    @Test func aComaAfterScoringEndsAsDisabled() throws {
        let result = try AbilityScoring.evaluate(comaAnswers(total: 60), facts: LevelChangeFacts(coma: true))
        #expect(result.finalLevel.registerCategories() == [.disabled])
    }
}

@Suite struct AssessmentRecordRuleTests {
    @Test func reassessmentIsDueAfterTheConfiguredMonths() {
        let day = CalendarDate("2026-01-31")!
        #expect(ReassessmentPolicy.standard.due(after: day, reason: .regular) == CalendarDate("2027-01-31")!)
        #expect(ReassessmentPolicy.standard.due(after: day, reason: .first) == CalendarDate("2027-01-31")!)
        #expect(ReassessmentPolicy.standard.due(after: day, reason: .immediate) == CalendarDate("2026-07-31")!)
        #expect(ReassessmentPolicy(regularMonths: 1).due(after: day, reason: .regular) == CalendarDate("2026-02-28")!)
        #expect(ReassessmentPolicy(regularMonths: 1).due(after: CalendarDate("2028-01-31")!, reason: .regular) == CalendarDate("2028-02-29")!)
        // Never sooner after an immediate assessment than the regular period allows, never zero.
        #expect(ReassessmentPolicy(regularMonths: 3, afterImmediateMonths: 9).afterImmediateMonths == 3)
        #expect(ReassessmentPolicy(regularMonths: 0).regularMonths == 1)
        #expect(CalendarDate("2026-11-30")!.addingMonths(-11) == CalendarDate("2025-12-30")!)
        #expect(CalendarDate("2026-03-15")!.addingMonths(-3) == CalendarDate("2025-12-15")!)
    }

    @Test func aRecordMovesDraftSubmittedApprovedOrBackToDraft() {
        #expect(AssessmentStatus.draft.canMove(to: .submitted))
        #expect(AssessmentStatus.submitted.canMove(to: .approved))
        #expect(AssessmentStatus.submitted.canMove(to: .draft))
        #expect(!AssessmentStatus.draft.canMove(to: .approved))
        #expect(!AssessmentStatus.approved.canMove(to: .draft))
        #expect(!AssessmentStatus.approved.canMove(to: .submitted))
    }

    @Test func aDraftMayBeIncompleteButNotWrong() {
        var answers = AssessmentAnswers(["B.1.1": 4])
        #expect(answers.draftProblems().isEmpty)
        #expect(!answers.problems().isEmpty)
        answers = AssessmentAnswers(["B.1.1": 7, "Z.9": 1])
        #expect(answers.draftProblems().map(\.code).sorted() == ["assessment_item_unknown", "assessment_score_invalid"])
    }
}
