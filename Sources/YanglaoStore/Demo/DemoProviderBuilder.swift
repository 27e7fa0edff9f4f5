import Fluent
import Foundation
import SQLKit
import YanglaoCore

extension DemoCityBuilder {
    /// Admits the demo providers of every county (DemoProviderPlan) through the same service
    /// an officer uses, registers their workers, and puts most on duty at their base. The demo
    /// worker account is the first worker of the first county; the demo provider account runs
    /// the first provider of `DemoCityPlan.providerFirstCounty`, which is switched to provider-first dispatch
    /// so that its 派单台 has orders to assign.
    public func buildProviders(
        on db: any Database, protection: DataProtection,
        progress: @escaping @Sendable (String, Int, Int) -> Void = { _, _, _ in }
    ) async throws {
        let plan = DemoProviderPlan(size: self.plan.size)
        let providers = ProviderService(StoreContext(database: db, actor: .commandLine(), protection: protection))
        let workers = WorkerService(StoreContext(database: db, actor: .commandLine(), protection: protection))
        let total = DemoCityPlan.counties.count * plan.providersPerCounty * plan.workersPerProvider
        var done = 0
        var firstWorker: UUID?
        var deskProvider: UUID?
        for county in DemoCityPlan.counties {
            let townships = self.plan.regions.map(\.code).filter { $0.level == .township && county.code.contains($0) }
            let homes = try await homes(in: county.code, on: db)
            for provider in plan.providers(ofCounty: county.code, name: county.name, townships: townships, homes: homes, seed: self.plan.seed) {
                let applied = try await providers.apply(provider.application, to: county.code)
                _ = try await providers.decide(try applied.requireID(), .admit, note: "示范数据：材料齐全，准予准入")
                if deskProvider == nil, county.code == DemoCityPlan.providerFirstCounty.code { deskProvider = applied.id }
                for (input, onDuty) in zip(provider.workers, provider.onDuty) {
                    let worker = try await workers.add(to: try applied.requireID(), input)
                    if onDuty {
                        _ = try await workers.setDuty(
                            try worker.requireID(), onDuty: true, at: GeoPoint(latitude: worker.baseLatitude, longitude: worker.baseLongitude))
                    }
                    if firstWorker == nil { firstWorker = worker.id }
                    done += 1
                    if done % 100 == 0 || done == total { progress("workers", done, total) }
                }
            }
        }
        if let firstWorker, self.plan.accounts.contains(where: { $0.username == "worker" }) {
            _ = try await workers.linkAccount(firstWorker, username: "worker")
        }
        if let deskProvider, self.plan.accounts.contains(where: { $0.username == "provider" }) {
            _ = try await providers.linkAdmin(deskProvider, username: "provider")
        }
        let orders = OrderService(StoreContext(database: db, actor: .commandLine(), protection: protection))
        try await orders.setDispatchMode(.provider, for: DemoCityPlan.providerFirstCounty.code)
    }

    /// Where the county's people live, first village first (at most 5 000 of them).
    func homes(in county: RegionCode, on db: any Database) async throws -> [GeoPoint] {
        let range = ScopedDatabase.codeRange(of: county)
        struct Row: Decodable {
            let latitude: Double?
            let longitude: Double?
        }
        let rows = try await db.sqlDatabase().select().columns("latitude", "longitude").from(ElderModel.schema)
            .where("region_code", .greaterThanOrEqual, range.low).where("region_code", .lessThanOrEqual, range.high)
            .orderBy("region_code").orderBy("id").limit(5_000).all(decoding: Row.self)
        return rows.compactMap { row in row.latitude.flatMap { lat in row.longitude.map { GeoPoint(latitude: lat, longitude: $0) } } }
    }
}
