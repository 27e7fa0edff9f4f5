import Fluent
import Foundation
import YanglaoCore

/// What providers do when other domains report a change.
public enum ProviderSubscriptions {
    public static func register(on bus: EventBus) {
        // 撤并: a provider serves the successor where it served the retired region, and its
        // workers (and a provider of a retired county) belong to the successor.
        bus.subscribe(RegionRetired.self, as: "providers.move_service_areas_to_successor") { event, db in
            try await RegionMove.rows(of: ProviderModel.schema, in: event, on: db)
            try await RegionMove.rows(of: WorkerModel.schema, in: event, on: db)
            let serving = try await ProviderModel.query(on: db).filter(\.$serviceAreaJSON, .custom("LIKE"), "%\"\(event.code)\"%").all()
            for provider in serving {
                var area: [String] = JSONColumn.decode(provider.serviceAreaJSON) ?? []
                area = area.map { $0 == event.code ? event.successor : $0 }
                var seen = Set<String>()
                provider.serviceAreaJSON = JSONColumn.encode(area.filter { seen.insert($0).inserted })
                try await provider.save(on: db)
            }
        }
    }
}
