import Foundation

/// A spatial index of workers: a grid of cells about 550 m on a side. Dispatch reads the
/// cells around an order ring by ring, nearest first, and stops as soon as no farther cell
/// can hold a better worker, so its cost follows the workers near the order, not all of them.
///
/// What dispatch checks is kept as one plain 64-byte entry per worker (a unit vector for the
/// distance, a skill bit mask, a provider number, duty, load, capacity, rating), stored cell
/// by cell in one array, so a ranking walks a few cache lines per cell and touches no strings;
/// the full records are read only for the workers a ranking returns. Changes in place (duty,
/// load, rating) overwrite the entry; moves and newcomers go to a short unsorted tail that
/// every ranking also reads, and the array is re-sorted when the tail grows.
public struct WorkerIndex: Sendable {
    /// Cell size in degrees (0.005° of latitude ≈ 556 m).
    public let cellDegrees: Double
    public private(set) var count = 0

    struct Entry: Sendable {
        /// The worker's slot in `records`; -1 for an entry left behind by a move or a removal.
        var slot: Int32
        var provider: Int32
        var load: Int32
        var capacity: Int32
        var skills: UInt64
        var x: Double, y: Double, z: Double
        var rating: Double
        var onDuty: Bool
    }

    /// Full records by slot (nil once removed).
    private var records: [DispatchWorker?] = []
    /// Where each slot's entry is in `entries`.
    private var entryOfSlot: [Int32] = []
    private var slotByID: [String: Int32] = [:]
    private var freeSlots: [Int32] = []
    /// Skill code → bit. Codes beyond the 63rd share the last bit and are checked on the record.
    private(set) var skillBits: [String: Int] = [:]
    /// Provider id → number, and back.
    private(set) var providerIDs: [String] = []
    private var providerNumbers: [String: Int32] = [:]
    /// Entries sorted by cell up to `sortedCount`, then the unsorted tail.
    private var entries: [Entry] = []
    private var sortedCount = 0
    private var cells: [CellKey: Range<Int32>] = [:]

    static let sharedSkillBit = 63

    struct CellKey: Hashable, Sendable, Comparable {
        let row: Int32
        let column: Int32
        static func < (a: Self, b: Self) -> Bool { (a.row, a.column) < (b.row, b.column) }
    }

    public init(_ workers: [DispatchWorker] = [], cellDegrees: Double = 0.005) {
        self.cellDegrees = cellDegrees
        for worker in workers { insert(worker, packing: false) }
        pack()
    }

    func key(_ p: GeoPoint) -> CellKey {
        CellKey(row: Int32((p.latitude / cellDegrees).rounded(.down)), column: Int32((p.longitude / cellDegrees).rounded(.down)))
    }

    /// Adds the worker, or replaces the one with the same id (e.g. after it moved or took an order).
    public mutating func insert(_ worker: DispatchWorker) { insert(worker, packing: true) }

    private mutating func insert(_ worker: DispatchWorker, packing: Bool) {
        guard worker.position.isValid else {
            remove(id: worker.id)
            return
        }
        var mask: UInt64 = 0
        for skill in worker.skills { mask |= 1 << UInt64(bit(for: skill)) }
        let unit = UnitVector(worker.position)
        if let slot = slotByID[worker.id], let old = records[Int(slot)] {
            records[Int(slot)] = worker
            let at = Int(entryOfSlot[Int(slot)])
            let entry = Entry(
                slot: slot, provider: number(for: worker.providerID), load: Int32(clamping: worker.load),
                capacity: Int32(clamping: worker.capacity), skills: mask, x: unit.x, y: unit.y, z: unit.z,
                rating: worker.rating, onDuty: worker.onDuty)
            // Same cell (or already in the tail): overwrite. Otherwise leave a dead entry and join the tail.
            if at >= sortedCount || key(old.position) == key(worker.position) {
                entries[at] = entry
            } else {
                entries[at].slot = -1
                entryOfSlot[Int(slot)] = Int32(entries.count)
                entries.append(entry)
                if packing { packIfTailIsLong() }
            }
            return
        }
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            records[Int(slot)] = worker
        } else {
            slot = Int32(records.count)
            records.append(worker)
            entryOfSlot.append(-1)
        }
        slotByID[worker.id] = slot
        entryOfSlot[Int(slot)] = Int32(entries.count)
        entries.append(
            Entry(
                slot: slot, provider: number(for: worker.providerID), load: Int32(clamping: worker.load),
                capacity: Int32(clamping: worker.capacity), skills: mask, x: unit.x, y: unit.y, z: unit.z,
                rating: worker.rating, onDuty: worker.onDuty))
        count += 1
        if packing { packIfTailIsLong() }
    }

    public mutating func remove(id: String) {
        guard let slot = slotByID.removeValue(forKey: id) else { return }
        entries[Int(entryOfSlot[Int(slot)])].slot = -1
        entryOfSlot[Int(slot)] = -1
        records[Int(slot)] = nil
        freeSlots.append(slot)
        count -= 1
        packIfTailIsLong()
    }

    /// The worker with this id, if indexed.
    public func worker(id: String) -> DispatchWorker? { slotByID[id].flatMap { records[Int($0)] } }

    func slot(of id: String) -> Int32? { slotByID[id] }

    func record(_ slot: Int32) -> DispatchWorker { records[Int(slot)]! }

    private mutating func packIfTailIsLong() {
        let tail = entries.count - sortedCount
        if tail > max(64, sortedCount / 16) { pack() }
    }

    /// Sorts the live entries by cell and rebuilds the cell ranges; the tail is empty after.
    private mutating func pack() {
        let live = entries.filter { $0.slot >= 0 }
        let keyed = live.map { (key(records[Int($0.slot)]!.position), $0) }.sorted { $0.0 < $1.0 }
        entries = keyed.map(\.1)
        cells = [:]
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count && keyed[end].0 == keyed[start].0 { end += 1 }
            cells[keyed[start].0] = Int32(start)..<Int32(end)
            start = end
        }
        for (at, entry) in entries.enumerated() { entryOfSlot[Int(entry.slot)] = Int32(at) }
        sortedCount = entries.count
    }

    private mutating func bit(for skill: String) -> Int {
        if let bit = skillBits[skill] { return bit }
        let bit = min(skillBits.count, Self.sharedSkillBit)
        skillBits[skill] = bit
        return bit
    }

    private mutating func number(for provider: String) -> Int32 {
        if let n = providerNumbers[provider] { return n }
        let n = Int32(providerIDs.count)
        providerIDs.append(provider)
        providerNumbers[provider] = n
        return n
    }

    /// Calls `body` with the entries of the tail, then of the cells around `center` ring by
    /// ring outwards, until `stop(lowerBound)` says that nothing at `lowerBound` metres or
    /// farther matters, or the rings pass `radius`. Dead entries are skipped.
    func visit(around center: GeoPoint, within radius: Double, until stop: (Double) -> Bool, visiting body: (Entry) -> Void) {
        guard count > 0, center.isValid else { return }
        entries.withUnsafeBufferPointer { all in
            func each(_ range: Range<Int>) { for i in range where all[i].slot >= 0 { body(all[i]) } }
            each(sortedCount..<all.count)
            let origin = key(center)
            // The narrowest side of a cell in this area (longitude shrinks towards the poles).
            let cellMeters =
                cellDegrees * .pi / 180 * GeoPoint.earthRadiusMeters
                * max(0.01, min(1, cos((abs(center.latitude) + cellDegrees) * .pi / 180)))
            let maxRing = Int32(min(Double(Int32.max / 4), (radius / cellMeters).rounded(.up) + 1))
            // Every cell of ring r is at least (r - 1) whole cells away from any point of the origin cell.
            func lowerBound(_ ring: Int32) -> Double { Double(max(0, ring - 1)) * cellMeters }
            var ring: Int32 = 0
            var lookups = 0
            while ring <= maxRing {
                if lowerBound(ring) > radius || (ring > 0 && stop(lowerBound(ring))) { return }
                // Far out in a sparse area the rings are mostly empty: once they have cost more
                // lookups than there are occupied cells, go through the occupied cells instead.
                if lookups > cells.count {
                    var rest: [(ring: Int32, range: Range<Int32>)] = []
                    for (key, range) in cells {
                        let r = max(abs(key.row - origin.row), abs(key.column - origin.column))
                        if r >= ring && r <= maxRing { rest.append((r, range)) }
                    }
                    rest.sort { $0.ring < $1.ring }
                    var current = ring
                    for (r, range) in rest {
                        if r != current {
                            if lowerBound(r) > radius || stop(lowerBound(r)) { return }
                            current = r
                        }
                        each(Int(range.lowerBound)..<Int(range.upperBound))
                    }
                    return
                }
                for row in (origin.row - ring)...(origin.row + ring) {
                    let onEdge = row == origin.row - ring || row == origin.row + ring
                    let step = onEdge || ring == 0 ? 1 : 2 * ring
                    var column = origin.column - ring
                    while column <= origin.column + ring {
                        if let range = cells[CellKey(row: row, column: column)] { each(Int(range.lowerBound)..<Int(range.upperBound)) }
                        lookups += 1
                        column += step
                    }
                }
                ring += 1
            }
        }
    }
}

/// A point on the unit sphere: the straight-line (chord) distance between two of them
/// orders points exactly as the great-circle distance does, with no trigonometry per worker.
struct UnitVector: Sendable {
    let x: Double, y: Double, z: Double

    init(_ p: GeoPoint) {
        let φ = p.latitude * .pi / 180
        let λ = p.longitude * .pi / 180
        x = cos(φ) * cos(λ)
        y = cos(φ) * sin(λ)
        z = sin(φ)
    }

    /// The squared chord on the unit sphere for a great-circle distance in metres.
    static func chordSquared(meters: Double) -> Double {
        let half = sin(min(.pi, meters / GeoPoint.earthRadiusMeters) / 2)
        return 4 * half * half
    }

    /// The great-circle distance in metres for a squared chord.
    static func meters(chordSquared c2: Double) -> Double {
        2 * GeoPoint.earthRadiusMeters * asin(min(1, c2.squareRoot() / 2))
    }
}
