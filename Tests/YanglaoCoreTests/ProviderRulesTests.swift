import Testing
import YanglaoCore

@Suite struct ProviderRulesTests {
    let county = RegionCode(validated: "410902000000")

    @Test func creditCodesAreCheckedLikeTheLicenceIsPrinted() throws {
        #expect(try CreditCode("91350100M000100Y43").value == "91350100M000100Y43")
        #expect(try CreditCode(" 91350100m000100y43 ").value == "91350100M000100Y43")
        #expect(throws: CreditCode.Problem.check(expected: "3")) { try CreditCode("91350100M000100Y44") }
        #expect(throws: CreditCode.Problem.character("I")) { try CreditCode("91350100I000100Y43") }
        #expect(throws: CreditCode.Problem.length(17)) { try CreditCode("91350100M000100Y4") }
        #expect(throws: CreditCode.Problem.empty) { try CreditCode("  ") }
    }

    func application() -> ProviderApplication {
        ProviderApplication(
            name: "颐康居家养老服务中心", creditCode: "91350100M000100Y43", contactPhone: "0393-8881234", address: "华龙区人民路 1 号",
            serviceTypes: ["meal", "bathing"], serviceArea: ["410902001000", "410902002000"], prices: ["bathing": 7_000], labels: ["星级服务商"])
    }

    @Test func anApplicationNamesEveryProblemWithItsField() {
        #expect(application().problems(in: county).isEmpty)
        var bad = application()
        bad.name = " "
        bad.creditCode = "91350100M000100Y44"
        bad.serviceTypes = ["bathing", "spaceflight"]
        bad.serviceArea = ["410922001000", "4109"]
        bad.prices = ["meal": 0]
        let problems = bad.problems(in: county)
        #expect(
            problems.map(\.code) == [
                "required", "credit_code_check", "service_type_unknown", "provider_area_outside", "region_invalid",
                "service_type_unknown", "out_of_range",
            ])
        #expect(problems.map(\.field) == ["name", "creditCode", "serviceTypes", "serviceArea", "serviceArea", "prices", "prices"])
        #expect(
            application().price(of: ServiceCatalogue.type("bathing")!) == 7_000 && application().price(of: ServiceCatalogue.type("meal")!) == 1_500)
    }

    @Test func admissionSuspensionAndReinstatementFollowTheirOrder() throws {
        #expect(try ProviderDecision.admit.apply(to: .applied) == .admitted)
        #expect(try ProviderDecision.reject.apply(to: .applied) == .rejected)
        #expect(try ProviderDecision.suspend.apply(to: .admitted) == .suspended)
        #expect(try ProviderDecision.reinstate.apply(to: .suspended) == .admitted)
        #expect(throws: AppError(.conflict, "provider_decision_illegal", field: "decision", ["decision": "admit", "status": "已暂停"])) {
            try ProviderDecision.admit.apply(to: .suspended)
        }
        #expect(throws: AppError.self) { try ProviderDecision.suspend.apply(to: .rejected) }
    }
}

@Suite struct WorkerInputTests {
    @Test func aWorkerNamesEveryBadField() {
        let good = WorkerInput(name: "张三", phone: "13812345678", skills: ["bathing"], certificateLevel: 2, latitude: 35.76, longitude: 115.03)
        #expect(good.problems(offered: ["bathing", "meal"]).isEmpty)
        var bad = good
        bad.name = ""
        bad.phone = "12345"
        bad.skills = ["nursing"]
        bad.certificateLevel = 9
        bad.latitude = 135
        bad.workStart = "8点"
        bad.capacity = 0
        #expect(
            bad.problems(offered: ["bathing"]).map(\.field) == ["name", "phone", "skills", "certificateLevel", "latitude", "workStart", "capacity"])
        var late = good
        late.workStart = "18:00"
        late.workEnd = "08:00"
        #expect(late.problems(offered: ["bathing"]).map(\.code) == ["worker_hours_order"])
    }
}
