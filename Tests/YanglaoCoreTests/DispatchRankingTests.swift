import Foundation
import Testing
import YanglaoCore

/// 派单: the nearest qualified worker first, explained; load and rating decide within a band.
@Suite struct DispatchRankingTests {
    static let home = GeoPoint(latitude: 35.7620, longitude: 115.0290)  // 华龙区
    static let village = RegionCode(validated: "410902001001")

    /// A point `north` and `east` metres from home.
    static func at(north: Double, east: Double = 0) -> GeoPoint {
        GeoPoint(latitude: home.latitude + north / 111_195, longitude: home.longitude + east / (111_195 * cos(home.latitude * .pi / 180)))
    }

    static func worker(
        _ id: String, _ north: Double, provider: String = "p1", skills: Set<String> = ["bathing"], onDuty: Bool = true,
        load: Int = 0, capacity: Int = 5, rating: Double = 4.5
    ) -> DispatchWorker {
        DispatchWorker(
            id: id, providerID: provider, name: id, position: at(north: north), skills: skills, onDuty: onDuty,
            load: load, capacity: capacity, rating: rating)
    }

    static let providers = [
        "p1": DispatchProvider(id: "p1", name: "颐康居家", admitted: true, serviceArea: [RegionCode(validated: "410902000000")]),
        "p2": DispatchProvider(id: "p2", name: "安馨养老", admitted: true, serviceArea: [RegionCode(validated: "410902000000")]),
        "suspended": DispatchProvider(id: "suspended", name: "停业整顿", admitted: false, serviceArea: [RegionCode(validated: "410900000000")]),
        "elsewhere": DispatchProvider(id: "elsewhere", name: "外县", admitted: true, serviceArea: [RegionCode(validated: "410922000000")]),
    ]

    let request = DispatchRequest(serviceType: "bathing", serviceName: "助浴", position: home, region: village)

    @Test func theNearestQualifiedWorkerComesFirstAndEveryOtherIsPassedOverForAReason() {
        let index = WorkerIndex([
            Self.worker("near-no-skill", 100, skills: ["meal"]),
            Self.worker("near-off-duty", 150, onDuty: false),
            Self.worker("near-full", 200, load: 5),
            Self.worker("near-suspended", 250, provider: "suspended"),
            Self.worker("near-other-county", 260, provider: "elsewhere"),
            Self.worker("best", 1_200),
            Self.worker("second", 2_600),
            Self.worker("too-far", 25_000),
        ])
        let ranking = DispatchRanking.rank(request, in: index, providers: Self.providers)
        #expect(ranking.ranked.map(\.worker.id) == ["best", "second"])
        #expect(ranking.ranked[0].explanation.hasPrefix("距离 1.2 km（1.0 km–1.5 km 档）") && ranking.ranked[0].explanation.contains("当前 0/5 单"))
        #expect(ranking.rejected == [.skill: 1, .offDuty: 1, .overloaded: 1, .provider: 2])
        // Refused by the best: the next one is offered.
        var again = request
        again.excluded = ["best"]
        #expect(DispatchRanking.rank(again, in: index, providers: Self.providers).ranked.first?.worker.id == "second")
        // Mode (a): one provider's workers only.
        again.provider = "p2"
        let none = DispatchRanking.rank(again, in: index, providers: Self.providers)
        #expect(none.ranked.isEmpty)
        #expect(none.nobodyReason(again, policy: DispatchPolicy()).hasPrefix("20.0 km 内没有可接“助浴”单的服务人员（"))
    }

    @Test func withinADistanceBandTheLighterLoadThenTheBetterRatingWins() {
        let index = WorkerIndex([
            Self.worker("closest-busy", 1_010, load: 3),
            Self.worker("light", 1_300, load: 1, rating: 4.0),
            Self.worker("light-better", 1_400, load: 1, rating: 4.9),
            Self.worker("next-band-idle", 1_600, load: 0, rating: 5.0),
        ])
        #expect(
            DispatchRanking.rank(request, in: index, providers: Self.providers).ranked.map(\.worker.id)
                == ["light-better", "light", "closest-busy", "next-band-idle"])
        // With 1 km bands the idle worker at 1.6 km is in the same band and wins.
        #expect(
            DispatchRanking.rank(request, in: index, providers: Self.providers, policy: DispatchPolicy(distanceBandMeters: 1_000)).ranked.first?
                .worker.id
                == "next-band-idle")
    }

    @Test func nobodyNearbyGivesAReasonForTheHotlineQueue() {
        let ranking = DispatchRanking.rank(request, in: WorkerIndex([]), providers: Self.providers)
        #expect(ranking.ranked.isEmpty && ranking.nobodyReason(request, policy: DispatchPolicy()) == "20.0 km 内没有可接“助浴”单的服务人员（附近没有服务人员）")
    }

    /// The index must find exactly what a scan of every worker finds, while examining few of them.
    @Test func theIndexAgreesWithAFullScanAndExaminesOnlyTheNeighbourhood() {
        var generator = SystemRandomNumberGenerator()
        var workers: [DispatchWorker] = []
        for i in 0..<20_000 {
            workers.append(
                Self.worker(
                    "w\(i)", Double.random(in: -30_000...30_000, using: &generator),
                    skills: i % 3 == 0 ? ["bathing"] : ["meal"], onDuty: i % 7 != 0, load: i % 6, capacity: 5,
                    rating: Double(i % 50) / 10))
            workers[i].position.longitude += Double.random(in: -0.3...0.3, using: &generator)
        }
        let index = WorkerIndex(workers)
        for _ in 0..<20 {
            var order = request
            order.position = Self.at(
                north: Double.random(in: -20_000...20_000, using: &generator), east: Double.random(in: -20_000...20_000, using: &generator))
            let ranked = DispatchRanking.rank(order, in: index, providers: Self.providers, limit: 5)
            let everyone = DispatchRanking.rank(order, in: WorkerIndex(workers, cellDegrees: 10), providers: Self.providers, limit: 5)
            #expect(ranked.ranked.map(\.worker.id) == everyone.ranked.map(\.worker.id))
            #expect(ranked.examined < workers.count / 10)
        }
    }

    /// A sparse county where most workers are full: the index goes through occupied cells
    /// rather than empty rings, and still finds the same workers, or gives the same reasons.
    @Test func aSparseIndexAgreesWithAFullScanWhenAlmostEveryoneIsFull() {
        var generator = SystemRandomNumberGenerator()
        var workers: [DispatchWorker] = []
        for i in 0..<300 {
            workers.append(
                Self.worker(
                    "w\(i)", Double.random(in: -40_000...40_000, using: &generator),
                    skills: i % 3 == 0 ? ["bathing"] : ["meal"], onDuty: i % 7 != 0, load: i % 40 == 0 ? 0 : 5, capacity: 5,
                    rating: Double(i % 50) / 10))
            workers[i].position.longitude += Double.random(in: -0.4...0.4, using: &generator)
        }
        let index = WorkerIndex(workers)
        var nobody = 0
        for _ in 0..<40 {
            var order = request
            order.position = Self.at(
                north: Double.random(in: -30_000...30_000, using: &generator), east: Double.random(in: -30_000...30_000, using: &generator))
            let ranked = DispatchRanking.rank(order, in: index, providers: Self.providers, limit: 3)
            let everyone = DispatchRanking.rank(order, in: WorkerIndex(workers, cellDegrees: 10), providers: Self.providers, limit: 3)
            #expect(ranked.ranked.map(\.worker.id) == everyone.ranked.map(\.worker.id))
            if everyone.ranked.isEmpty {
                nobody += 1
                #expect(ranked.rejected == everyone.rejected)
            }
        }
        #expect(nobody > 0)
    }

    /// Moving, taking orders and leaving change what the index answers; skills beyond the
    /// bit mask's 63 are still told apart.
    @Test func theIndexFollowsWorkersAsTheyMoveAndLeaveAndKnowsEverySkill() {
        var index = WorkerIndex((0..<70).map { Self.worker("s\($0)", 500 + Double($0), skills: ["skill\($0)"]) })
        for n in [0, 62, 63, 64, 69] {
            var order = request
            order.serviceType = "skill\(n)"
            #expect(DispatchRanking.rank(order, in: index, providers: Self.providers, limit: 3).ranked.map(\.worker.id) == ["s\(n)"])
        }
        index.insert(Self.worker("mover", 9_000))
        #expect(DispatchRanking.rank(request, in: index, providers: Self.providers).ranked.map(\.worker.id) == ["mover"])
        index.insert(Self.worker("mover", 300, load: 5))  // moved closer, but full now
        let full = DispatchRanking.rank(request, in: index, providers: Self.providers)
        #expect(full.ranked.isEmpty && full.rejected[.overloaded] == 1 && index.count == 71)
        index.insert(Self.worker("mover", 300, load: 1))
        #expect(DispatchRanking.rank(request, in: index, providers: Self.providers).ranked.first?.explanation.contains("当前 1/5 单") == true)
        index.remove(id: "mover")
        #expect(DispatchRanking.rank(request, in: index, providers: Self.providers).ranked.isEmpty && index.count == 70)
        #expect(index.worker(id: "s5")?.name == "s5" && index.worker(id: "mover") == nil)
    }

    /// An index changed worker by worker (joins, moves, duty and load changes, leavers) answers
    /// exactly as one built afresh from the final states.
    @Test func anIndexKeptUpToDateAgreesWithOneBuiltAfresh() {
        var rng = SeededGenerator(seed: 42)
        func random(_ id: String) -> DispatchWorker {
            var w = Self.worker(
                id, Double.random(in: -8_000...8_000, using: &rng), skills: Bool.random(using: &rng) ? ["bathing"] : ["bathing", "meal"],
                onDuty: Double.random(in: 0..<1, using: &rng) < 0.8, load: Int.random(in: 0...5, using: &rng),
                rating: Double(Int.random(in: 30...50, using: &rng)) / 10)
            w.position.longitude += Double.random(in: -0.08...0.08, using: &rng)
            return w
        }
        var current = (0..<1_000).map { random("w\($0)") }
        var index = WorkerIndex(current)
        for step in 0..<3_000 {
            let i = Int.random(in: 0..<current.count, using: &rng)
            switch step % 4 {
            case 0: current[i] = random(current[i].id)  // moved
            case 1: current[i].load = Int.random(in: 0...5, using: &rng)  // took or finished an order
            case 2: current[i].onDuty.toggle()
            default: current.append(random("new\(step)"))
            }
            index.insert(step % 4 == 3 ? current.last! : current[i])
            if step % 50 == 0 { index.remove(id: current.remove(at: Int.random(in: 0..<current.count, using: &rng)).id) }
        }
        let fresh = WorkerIndex(current)
        #expect(index.count == current.count && fresh.count == current.count)
        for _ in 0..<50 {
            var order = request
            order.position = Self.at(north: Double.random(in: -8_000...8_000, using: &rng), east: Double.random(in: -6_000...6_000, using: &rng))
            let kept = DispatchRanking.rank(order, in: index, providers: Self.providers, limit: 5)
            let built = DispatchRanking.rank(order, in: fresh, providers: Self.providers, limit: 5)
            #expect(kept.ranked.map(\.worker) == built.ranked.map(\.worker))
            // The reasons are counted over what was read; they are told when nobody qualified, and then everyone in reach was read.
            order.serviceType = "haircut"
            #expect(
                DispatchRanking.rank(order, in: index, providers: Self.providers).rejected
                    == DispatchRanking.rank(order, in: fresh, providers: Self.providers).rejected)
        }
    }

    @Test func providersShareOrdersFairlyThenByDistance() throws {
        let choice = try #require(
            ProviderShares.choose([
                .init(providerID: "p1", name: "颐康居家", assigned: 12, nearestMeters: 300),
                .init(providerID: "p2", name: "安馨养老", assigned: 10, nearestMeters: 2_000),
                .init(providerID: "p3", name: "福寿", assigned: 20, weight: 2, nearestMeters: 900),
            ]))
        #expect(choice.candidate.providerID == "p3")  // 20 orders for a double share is 10 each, as p2, and nearer
        #expect(choice.explanation.contains("派给 福寿"))
        #expect(ProviderShares.choose([]) == nil)
    }
}

@Suite struct OrderLifecycleTests {
    @Test(arguments: [
        (OrderStatus.created, OrderEvent.dispatch, OrderStatus.dispatched),
        (.dispatched, .refuse, .refused), (.refused, .dispatch, .dispatched), (.refused, .queue, .waiting),
        (.dispatched, .accept, .accepted), (.accepted, .depart, .onTheWay), (.onTheWay, .checkIn, .inService),
        (.accepted, .checkIn, .inService), (.inService, .checkOut, .completed), (.completed, .rate, .rated),
        (.rated, .complain, .complained), (.onTheWay, .noShow, .noShow), (.waiting, .cancel, .cancelled),
    ])
    func legalTransitions(from: OrderStatus, event: OrderEvent, to: OrderStatus) throws {
        #expect(try OrderLifecycle.next(after: event, from: from) == to)
    }

    @Test func illegalTransitionsAreConflictsThatNameBoth() {
        #expect(
            throws: AppError(
                .conflict, "order_transition_illegal", field: "event",
                ["from": "已下单", "event": "评价", "fromCode": "created", "eventCode": "rate"])
        ) {
            try OrderLifecycle.next(after: .rate, from: .created)
        }
        #expect(throws: AppError.self) { try OrderLifecycle.next(after: .checkIn, from: .cancelled) }
        #expect(throws: AppError.self) { try OrderLifecycle.next(after: .cancel, from: .inService) }
        for status in OrderStatus.allCases where !status.isOpen && status != .completed && status != .rated {
            #expect(OrderLifecycle.events(from: status).isEmpty, "\(status) is final")
        }
    }
}

@Suite struct QualityChecksTests {
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    func visit(_ id: String, person: String = "p", worker: String = "w", minutes: Double, at position: GeoPoint?, startingAfter offset: Double = 0)
        -> ServiceVisit
    {
        ServiceVisit(
            orderID: id, personID: person, workerID: worker, serviceType: "bathing", standardMinutes: 60, address: DispatchRankingTests.home,
            checkIn: start.addingTimeInterval(offset * 60), checkInPosition: position, checkOut: start.addingTimeInterval((offset + minutes) * 60))
    }

    @Test func aFiveMinuteServiceThreeKilometresAwayRaisesBothFlags() {
        let findings = QualityChecks.findings(for: visit("o1", minutes: 5, at: DispatchRankingTests.at(north: 3_000)))
        #expect(findings.map(\.flag) == [.shortService, .farCheckIn])
        #expect(findings[0].detail == "服务时长 5 分钟，不足标准时长 60 分钟的一半" && findings[1].detail == "签到位置距服务地址 3.0 km")
        #expect(QualityChecks.findings(for: visit("o2", minutes: 40, at: DispatchRankingTests.at(north: 400))).isEmpty)
    }

    @Test func overlapsTwoPlacesAndServiceAfterDeathAreFlagged() {
        let mine = visit("o1", minutes: 60, at: DispatchRankingTests.home)
        let samePerson = visit("o2", worker: "w2", minutes: 60, at: DispatchRankingTests.home, startingAfter: 30)
        let elsewhere = visit("o3", person: "q", minutes: 30, at: DispatchRankingTests.at(north: 5_000), startingAfter: 10)
        let later = visit("o4", minutes: 60, at: DispatchRankingTests.home, startingAfter: 120)
        let flags = QualityChecks.findings(for: mine, others: [samePerson, elsewhere, later], deceasedOn: CalendarDate(start).addingDays(-1)).map(
            \.flag)
        #expect(flags == [.overlappingOrders, .workerInTwoPlaces, .afterDeath])
    }

    @Test func vouchersPayFirstAndNeverGoBelowZero() {
        #expect(
            OrderPayment.split(priceFen: 8_000, voucherBalanceFen: 5_000)
                == OrderPayment(priceFen: 8_000, voucherFen: 5_000, timeBankFen: 0, selfFen: 3_000))
        #expect(OrderPayment.split(priceFen: 3_000, voucherBalanceFen: 5_000).voucherFen == 3_000)
        #expect(OrderPayment.split(priceFen: 3_000, voucherBalanceFen: -100).voucherFen == 0)
        #expect(
            OrderPayment.split(priceFen: 3_000, voucherBalanceFen: 1_000, timeBankFen: 5_000)
                == OrderPayment(priceFen: 3_000, voucherFen: 1_000, timeBankFen: 2_000, selfFen: 0))
    }
}
