import Foundation

/// A spatial index of workers: a grid of cells about 1 km on a side. Dispatch reads the
/// cells around an order ring by ring, nearest first, and stops as soon as no farther cell
/// can hold a better worker, so its cost follows the workers near the order, not all of them.
public struct WorkerIndex: Sendable {
    /// Cell size in degrees (0.01° of latitude ≈ 1.11 km).
    public let cellDegrees: Double
    private var cells: [CellKey: [DispatchWorker]] = [:]
    public private(set) var count = 0

    struct CellKey: Hashable, Sendable { let row: Int32; let column: Int32 }

    public init(_ workers: [DispatchWorker] = [], cellDegrees: Double = 0.01) {
        self.cellDegrees = cellDegrees
        for worker in workers { insert(worker) }
    }

    func key(_ p: GeoPoint) -> CellKey {
        CellKey(row: Int32((p.latitude / cellDegrees).rounded(.down)), column: Int32((p.longitude / cellDegrees).rounded(.down)))
    }

    public mutating func insert(_ worker: DispatchWorker) {
        guard worker.position.isValid else { return }
        cells[key(worker.position), default: []].append(worker)
        count += 1
    }

    /// Replaces a worker (found by id near `old`) with its new state, e.g. after it moved or took an order.
    public mutating func update(_ worker: DispatchWorker, from old: GeoPoint) {
        let oldKey = key(old)
        if let i = cells[oldKey]?.firstIndex(where: { $0.id == worker.id }) {
            cells[oldKey]!.remove(at: i)
            count -= 1
        }
        insert(worker)
    }

    /// Calls `body` with the workers of the cells around `center`, ring by ring outwards,
    /// until `stop(lowerBound)` says that nothing at `lowerBound` metres or farther matters,
    /// or the rings pass `radius`.
    func visit(around center: GeoPoint, within radius: Double, until stop: (Double) -> Bool, _ body: (DispatchWorker) -> Void) {
        guard count > 0, center.isValid else { return }
        let origin = key(center)
        // The narrowest side of a cell in this area (longitude shrinks towards the poles).
        let cellMeters = cellDegrees * .pi / 180 * GeoPoint.earthRadiusMeters
            * max(0.01, min(1, cos((abs(center.latitude) + cellDegrees) * .pi / 180)))
        let maxRing = Int32(min(Double(Int32.max / 4), (radius / cellMeters).rounded(.up) + 1))
        var ring: Int32 = 0
        while ring <= maxRing {
            // Every cell of ring r is at least (r - 1) whole cells away from any point of the origin cell.
            let lowerBound = Double(max(0, ring - 1)) * cellMeters
            if lowerBound > radius || (ring > 0 && stop(lowerBound)) { return }
            for row in (origin.row - ring)...(origin.row + ring) {
                let onEdge = row == origin.row - ring || row == origin.row + ring
                let step = onEdge || ring == 0 ? 1 : 2 * ring
                var column = origin.column - ring
                while column <= origin.column + ring {
                    if let workers = cells[CellKey(row: row, column: column)] { workers.forEach(body) }
                    column += step
                }
            }
            ring += 1
        }
    }
}
