import Testing
import YanglaoCore

@Suite struct DemoCityPlanTests {
    @Test func theSameSeedBuildsTheSameCity() {
        #expect(DemoCityPlan(size: .small, seed: 7).regions == DemoCityPlan(size: .small, seed: 7).regions)
        #expect(DemoCityPlan(size: .small, seed: 7).regions != DemoCityPlan(size: .small, seed: 8).regions)
    }

    @Test(arguments: DemoSize.allCases)
    func everyCodeIsValidUniqueAndHasItsParentInThePlan(_ size: DemoSize) {
        let plan = DemoCityPlan(size: size)
        let codes = Set(plan.regions.map(\.code))
        #expect(codes.count == plan.regions.count)
        for region in plan.regions {
            if let parent = region.code.parent { #expect(codes.contains(parent), "\(region.code)") }
            #expect(!region.name.isEmpty)
        }
    }

    @Test func theCityHasTheSixRealPuyangCounties() {
        let plan = DemoCityPlan(size: .tiny)
        let counties = plan.regions.filter { $0.code.level == .county }
        #expect(counties.map(\.code.divisionCode) == ["410902", "410922", "410923", "410926", "410927", "410928"])
        #expect(counties.map(\.name) == ["华龙区", "清丰县", "南乐县", "范县", "台前县", "濮阳县"])
    }

    @Test func theFullCityIsShapedLikePuyang() {
        let plan = DemoCityPlan(size: .city)
        // The seed counts 2016 rural happiness homes and 313 community day-care centres [S004]:
        // the city has at least as many villages and communities for them to stand in. (The
        // facilities themselves are not generated yet; they come with the facilities domain.)
        #expect(plan.regions.count { $0.code.kind == .village } >= 2016)
        #expect(plan.regions.count { $0.code.kind == .community } >= 313)
        #expect(plan.regions.count { $0.code.kind == .street } >= 18)
    }

    @Test func accountsRespectTheirRolesLevelsAndAreUnique() throws {
        let plan = DemoCityPlan(size: .tiny)
        let accounts = plan.accounts
        #expect(Set(accounts.map(\.username)).count == accounts.count)
        for account in accounts { try AccountRules.checkBinding(role: account.role, region: account.region) }
        #expect(Set(accounts.map(\.role)) == Set(Role.allCases))
    }
}
