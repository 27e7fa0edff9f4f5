import Fluent
import Foundation
import Testing
import Vapor
import YanglaoCore
import YanglaoStore
import YanglaoTestSupport

@Suite struct WorkerServiceTests {
    static let home = GeoPoint(latitude: 35.7620, longitude: 115.0290)

    static func input(_ name: String, north metres: Double, skills: [String] = ["bathing"]) -> WorkerInput {
        WorkerInput(
            name: name, phone: "13812345678", skills: skills, certificateLevel: 2,
            latitude: home.latitude + metres / 111_195, longitude: home.longitude)
    }

    @Test func workersOfAnAdmittedProviderAreRankedForAnOrderFromTheStore() async throws {
        try await withTestApp { app in
            let actor = try await app.actor("county.410902")
            let providers = ProviderService(app.context(as: actor))
            let workers = WorkerService(app.context(as: actor))
            let provider = try await providers.apply(ProviderServiceTests.application(), to: RegionCode(validated: "410902000000"))
            await #expect(throws: AppError(.conflict, "worker_provider_not_admitted", field: "provider", ["status": "待审核"])) {
                _ = try await workers.add(to: provider.id!, Self.input("张三", north: 100))
            }
            _ = try await providers.decide(provider.id!, .admit, note: "")
            do {
                _ = try await workers.add(to: provider.id!, Self.input("李四", north: 100, skills: ["nursing"]))
                Issue.record("a skill the provider does not offer was accepted")
            } catch let error as AppError {
                #expect(error.code == "worker_skill_not_offered" && error.field == "skills")
            }
            let near = try await workers.add(to: provider.id!, Self.input("近而下班", north: 300))
            let mealOnly = try await workers.add(to: provider.id!, Self.input("只会助餐", north: 500, skills: ["meal"]))
            let far = try await workers.add(to: provider.id!, Self.input("远而在岗", north: 4_000))
            #expect(far.phoneMasked == "138****5678" && !far.phoneCipher.contains("13812345678"))
            _ = try await workers.setDuty(mealOnly.id!, onDuty: true)
            _ = try await workers.setDuty(far.id!, onDuty: true)
            _ = near

            let village = RegionCode(validated: "410902001001")
            let request = DispatchRequest(serviceType: "bathing", serviceName: "助浴", position: Self.home, region: village)
            var ranking = DispatchRanking.rank(
                request, in: try await CountyDispatchLoader(context: workers.context).workerIndex(in: village.county!),
                providers: try await CountyDispatchLoader(context: providers.context).providers(serving: village))
            #expect(ranking.ranked.map(\.worker.name) == ["远而在岗"])
            #expect(ranking.rejected == [.offDuty: 1, .skill: 1])
            // The near worker comes on duty at a reported position 200 m away and now comes first.
            _ = try await workers.setDuty(
                near.id!, onDuty: true, at: GeoPoint(latitude: Self.home.latitude + 200 / 111_195, longitude: Self.home.longitude))
            ranking = DispatchRanking.rank(
                request, in: try await CountyDispatchLoader(context: workers.context).workerIndex(in: village.county!),
                providers: try await CountyDispatchLoader(context: providers.context).providers(serving: village))
            #expect(ranking.ranked.map(\.worker.name) == ["近而下班", "远而在岗"])

            // Another county sees none of them.
            let other = WorkerService(app.context(as: try await app.actor("county.410922")))
            await #expect(throws: AppError(.notFound, "worker_not_found")) { _ = try await other.worker(far.id!) }
        }
    }
}
