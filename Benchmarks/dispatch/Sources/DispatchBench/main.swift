// Dispatch ranking benchmark (issue 6): times `DispatchRanking.rank` for one order among N
// workers on a prebuilt `WorkerIndex`, and writes the same workers, orders and rankings as
// CSV so Benchmarks/dispatch/run.sh can run the PostGIS side on identical data.
//
//     DispatchBench OUTDIR [--workers 10000,100000] [--orders 2000] [--passes 3] [--seed 6] [--towns 0.6]
//
// Prints one line per N: `swift N=… build_ms=… p50_us=… p99_us=… mean_us=… max_us=… examined=… examined_max=… found=…`.
import Foundation
import YanglaoCore

struct Options {
    var outDir = ""
    var workerCounts = [10_000, 100_000]
    var orders = 2_000
    var passes = 3
    var seed: UInt64 = 6
    /// Share of workers and orders near a town (the rest is uniform over the county).
    var towns = 0.6
}

func parseOptions() -> Options {
    var options = Options()
    var args = CommandLine.arguments.dropFirst()
    func value(_ name: String) -> String {
        guard let v = args.popFirst() else { fatalError("\(name) needs a value") }
        return v
    }
    while let arg = args.popFirst() {
        switch arg {
        case "--workers": options.workerCounts = value(arg).split(separator: ",").map { Int($0)! }
        case "--orders": options.orders = Int(value(arg))!
        case "--passes": options.passes = Int(value(arg))!
        case "--seed": options.seed = UInt64(value(arg))!
        case "--towns": options.towns = Double(value(arg))!
        default:
            guard options.outDir.isEmpty, !arg.hasPrefix("-") else {
                fatalError("usage: DispatchBench OUTDIR [--workers 10000,100000] [--orders N] [--passes N] [--seed N] [--towns 0.6]")
            }
            options.outDir = arg
        }
    }
    guard !options.outDir.isEmpty else {
        fatalError("usage: DispatchBench OUTDIR [--workers 10000,100000] [--orders N] [--passes N] [--seed N] [--towns 0.6]")
    }
    return options
}

/// A county around Puyang: (35.76, 115.03) ± 0.15° (≈ 33 km × 27 km). People and workers
/// live mostly in a few towns, the rest is spread over the countryside.
struct County {
    static let center = GeoPoint(latitude: 35.76, longitude: 115.03)
    static let halfSpan = 0.15
    static let region = RegionCode(validated: "410902001001")
    static let served = RegionCode(validated: "410900000000")
    let towns: [(center: GeoPoint, sigma: Double)]

    init(using rng: inout SeededGenerator) {
        towns = (0..<8).map { i in
            let p = GeoPoint(
                latitude: County.center.latitude + Double.random(in: -0.12...0.12, using: &rng),
                longitude: County.center.longitude + Double.random(in: -0.12...0.12, using: &rng))
            // The county seat is the biggest and densest.
            return (i == 0 ? County.center : p, i == 0 ? 0.02 : Double.random(in: 0.008...0.02, using: &rng))
        }
    }

    /// A share `inTowns` near a town, normally distributed around it; the rest uniform over the county.
    func position(inTowns: Double, using rng: inout SeededGenerator) -> GeoPoint {
        func clamp(_ v: Double, _ c: Double) -> Double { min(c + County.halfSpan, max(c - County.halfSpan, v)) }
        if Double.random(in: 0..<1, using: &rng) < inTowns {
            // The county seat holds as many as the other towns together.
            let town = Bool.random(using: &rng) ? towns[0] : towns[Int.random(in: 1..<towns.count, using: &rng)]
            let (g1, g2) = gaussianPair(using: &rng)
            return GeoPoint(
                latitude: clamp(town.center.latitude + g1 * town.sigma, County.center.latitude),
                longitude: clamp(town.center.longitude + g2 * town.sigma, County.center.longitude))
        }
        return GeoPoint(
            latitude: County.center.latitude + Double.random(in: -County.halfSpan...County.halfSpan, using: &rng),
            longitude: County.center.longitude + Double.random(in: -County.halfSpan...County.halfSpan, using: &rng))
    }

    func gaussianPair(using rng: inout SeededGenerator) -> (Double, Double) {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng)
        let u2 = Double.random(in: 0..<1, using: &rng)
        let r = (-2 * log(u1)).squareRoot()
        return (r * cos(2 * .pi * u2), r * sin(2 * .pi * u2))
    }
}

let codes = ServiceCatalogue.example.map(\.code)

/// Ids as the app gives them to dispatch: `UUID().uuidString` of the worker and provider rows.
func uuidString(using rng: inout SeededGenerator) -> String {
    let (a, b) = (rng.next(), rng.next())
    func byte(_ v: UInt64, _ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: v >> (8 * i)) }
    return UUID(
        uuid: (
            byte(a, 0), byte(a, 1), byte(a, 2), byte(a, 3), byte(a, 4), byte(a, 5), byte(a, 6) & 0x0F | 0x40, byte(a, 7),
            byte(b, 0) & 0x3F | 0x80, byte(b, 1), byte(b, 2), byte(b, 3), byte(b, 4), byte(b, 5), byte(b, 6), byte(b, 7)
        )
    ).uuidString
}

var providerRNG = SeededGenerator(seed: 66)
let providerIDs = (1...5).map { _ in uuidString(using: &providerRNG) }
let providers = Dictionary(
    uniqueKeysWithValues: providerIDs.enumerated().map { i, id in
        (id, DispatchProvider(id: id, name: "服务商\(i + 1)", admitted: true, serviceArea: [County.served]))
    })
let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"]
let givenNames = ["芳", "敏", "静", "丽", "强", "磊", "军", "洋", "艳", "勇", "秀英", "桂兰"]

func makeWorkers(_ n: Int, county: County, towns: Double, seed: UInt64) -> [DispatchWorker] {
    var rng = SeededGenerator(seed: seed)
    return (0..<n).map { _ in
        let id = uuidString(using: &rng)
        let name = surnames[Int.random(in: 0..<surnames.count, using: &rng)] + givenNames[Int.random(in: 0..<givenNames.count, using: &rng)]
        let skills = Set(codes.shuffled(using: &rng).prefix(Int.random(in: 2...5, using: &rng)))
        let capacity = Int.random(in: 2...6, using: &rng)
        return DispatchWorker(
            id: id, providerID: providerIDs[Int.random(in: 0..<providerIDs.count, using: &rng)], name: name,
            position: county.position(inTowns: towns, using: &rng), skills: skills,
            onDuty: Double.random(in: 0..<1, using: &rng) < 0.7,
            load: Int.random(in: 0...capacity, using: &rng), capacity: capacity,
            rating: Double(Int.random(in: 30...50, using: &rng)) / 10)
    }
}

func write(_ lines: [String], to path: String) {
    let text = lines.joined(separator: "\n") + "\n"
    do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch { fatalError("cannot write \(path): \(error)") }
}

/// Nearest-rank percentile (the same as PostgreSQL's percentile_disc).
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
}

let options = parseOptions()
let limit = 3  // OrderService.dispatch asks for 3
let policy = DispatchPolicy()
var countyRNG = SeededGenerator(seed: options.seed)
let county = County(using: &countyRNG)

// The orders: the same positions and services for every N.
var orderRNG = SeededGenerator(seed: options.seed &+ 1)
let requests: [DispatchRequest] = (0..<options.orders).map { _ in
    let code = codes[Int.random(in: 0..<codes.count, using: &orderRNG)]
    return DispatchRequest(
        serviceType: code, serviceName: ServiceCatalogue.type(code)!.name,
        position: county.position(inTowns: options.towns, using: &orderRNG), region: County.region)
}
write(
    ["id,lat,lon,service"]
        + requests.enumerated().map { i, r in
            "\(i + 1),\(r.position.latitude),\(r.position.longitude),\(r.serviceType)"
        }, to: "\(options.outDir)/orders.csv")

let clock = ContinuousClock()
func micros(_ d: Duration) -> Double {
    let (s, a) = d.components
    return Double(s) * 1e6 + Double(a) / 1e12
}

for n in options.workerCounts {
    let workers = makeWorkers(n, county: county, towns: options.towns, seed: options.seed &+ UInt64(n))
    write(
        ["id,provider,lat,lon,skills,on_duty,load,capacity,rating"]
            + workers.map { w in
                "\(w.id),\(w.providerID),\(w.position.latitude),\(w.position.longitude),\"{\(w.skills.sorted().joined(separator: ","))}\","
                    + "\(w.onDuty ? "t" : "f"),\(w.load),\(w.capacity),\(w.rating)"
            }, to: "\(options.outDir)/workers_\(n).csv")

    // The index is built once (best of 3, so a page fault or a neighbour's build does not count).
    var buildMicros = Double.infinity
    var index = WorkerIndex()
    for _ in 0..<3 {
        let start = clock.now
        index = WorkerIndex(workers)
        buildMicros = min(buildMicros, micros(clock.now - start))
    }
    precondition(index.count == n)

    // One untimed pass to warm caches, then `passes` timed passes over every order.
    var results: [DispatchRanking] = requests.map { DispatchRanking.rank($0, in: index, providers: providers, policy: policy, limit: limit) }
    var times: [Double] = []
    times.reserveCapacity(options.passes * requests.count)
    var perOrder = [Double](repeating: .infinity, count: requests.count)
    var sink = 0
    for _ in 0..<options.passes {
        for (i, request) in requests.enumerated() {
            let start = clock.now
            let ranking = DispatchRanking.rank(request, in: index, providers: providers, policy: policy, limit: limit)
            let t = micros(clock.now - start)
            sink &+= ranking.ranked.count &+ ranking.examined
            times.append(t)
            perOrder[i] = min(perOrder[i], t)
            results[i] = ranking
        }
    }
    write(
        ["order_id,ids,band,examined,best_us"]
            + results.enumerated().map { i, r in
                "\(i + 1),\(r.ranked.map(\.worker.id).joined(separator: " ")),\(r.ranked.first?.band ?? -1),\(r.examined),\(perOrder[i])"
            }, to: "\(options.outDir)/swift_\(n).csv")

    let sorted = times.sorted()
    let mean = times.reduce(0, +) / Double(times.count)
    let examined = Double(results.reduce(0) { $0 + $1.examined }) / Double(results.count)
    let mostExamined = results.map(\.examined).max() ?? 0
    let found = results.filter { !$0.ranked.isEmpty }.count
    print(
        String(
            format:
                "swift N=%d build_ms=%.2f p50_us=%.2f p99_us=%.2f mean_us=%.2f max_us=%.2f examined=%.0f examined_max=%d found=%d/%d samples=%d sink=%d",
            n, buildMicros / 1000, percentile(sorted, 0.5), percentile(sorted, 0.99), mean, sorted.last!, examined, mostExamined,
            found, results.count, times.count, sink))
}
