import Fluent
import Foundation
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

@Suite struct ProviderServiceTests {
    static func application(_ name: String = "颐康居家养老服务中心", code: String = "91350100M000100Y43") -> ProviderApplication {
        ProviderApplication(
            name: name, creditCode: code, contactPhone: "0393-8881234", address: "华龙区人民路 1 号",
            serviceTypes: ["meal", "bathing"], serviceArea: ["410902001000"], prices: ["bathing": 7_000], labels: ["星级服务商"])
    }

    @Test func aCountyAdmitsSuspendsAndReinstatesItsProvidersAndOnlyAdmittedOnesAreDispatchedTo() async throws {
        try await withTestApp { app in
            let county = ProviderService(app.context(as: try await app.actor("county.410902")))
            let huaLong = RegionCode(validated: "410902000000")
            var bad = Self.application()
            bad.creditCode = "91350100M000100Y44"
            bad.serviceArea = ["410922001000"]
            do {
                _ = try await county.apply(bad, to: huaLong)
                Issue.record("a bad application was accepted")
            } catch let error as AppError {
                #expect(error.details.map(\.code) == ["credit_code_check", "provider_area_outside"])
            }
            #expect(try await ProviderModel.query(on: app.db).count() == 0)

            let provider = try await county.apply(Self.application(), to: huaLong)
            #expect(provider.statusValue == .applied && provider.application.prices == ["bathing": 7_000])
            await #expect(throws: AppError(.conflict, "provider_exists", field: "creditCode", ["code": "91350100M000100Y43"])) {
                _ = try await county.apply(Self.application("另一个名字"), to: huaLong)
            }
            // Not yet admitted: dispatch does not see it.
            let village = RegionCode(validated: "410902001001")
            #expect(try await CountyDispatchLoader(context: county.context).providers(serving: village).isEmpty)
            let admitted = try await county.decide(provider.id!, .admit, note: "")
            #expect(admitted.statusValue == .admitted && admitted.decidedBy == "county.410902")
            #expect(try await CountyDispatchLoader(context: county.context).providers(serving: village).keys.sorted() == [provider.id!.uuidString])
            // Outside its area.
            #expect(try await CountyDispatchLoader(context: county.context).providers(serving: RegionCode(validated: "410902002001")).isEmpty)

            // Suspension needs a reason and takes it out of dispatch; admitting again is a conflict.
            await #expect(throws: AppError(.invalidInput, "required", field: "note")) {
                _ = try await county.decide(provider.id!, .suspend, note: " ")
            }
            _ = try await county.decide(provider.id!, .suspend, note: "投诉核实：虚报服务时长")
            #expect(try await CountyDispatchLoader(context: county.context).providers(serving: village).isEmpty)
            await #expect(throws: AppError(.conflict, "provider_decision_illegal", field: "decision", ["decision": "admit", "status": "已暂停"])) {
                _ = try await county.decide(provider.id!, .admit, note: "")
            }
            _ = try await county.decide(provider.id!, .reinstate, note: "整改完成")
            #expect(try await county.list(status: .admitted, search: "颐康").map(\.name) == ["颐康居家养老服务中心"])
            #expect(try await county.list(status: .suspended).isEmpty)

            // Another county neither sees nor decides; a village officer may not decide.
            let other = ProviderService(app.context(as: try await app.actor("county.410922")))
            await #expect(throws: AppError(.notFound, "provider_not_found")) { _ = try await other.provider(provider.id!) }
            #expect(try await other.list().isEmpty)
            let villageOfficer = ProviderService(
                app.context(as: try await app.actor("village.410902001001")))
            await #expect(throws: AppError(.forbidden, "provider_decide_forbidden")) {
                _ = try await villageOfficer.decide(provider.id!, .suspend, note: "x")
            }
            let actions = try await AuditEntryModel.query(on: app.db).filter(\.$recordType == "provider").sort(\.$at).all().map(\.action)
            #expect(actions == ["provider.apply", "provider.admit", "provider.suspend", "provider.reinstate"])
        }
    }
}
