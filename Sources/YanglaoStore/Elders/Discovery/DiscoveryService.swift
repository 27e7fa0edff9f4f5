import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// 主动发现 at the database: feeds from other departments and the daily age run, both
/// ending in work items for the person's village (and, where the rules say so, changes
/// made at once). Everything is idempotent: a record or a run repeated changes nothing.
public struct DiscoveryService: Sendable {
    public let context: StoreContext
    var elders: ElderService { ElderService(context) }

    public init(_ context: StoreContext) { self.context = context }

    var db: any Database { context.scoped.database }

    /// One record as received (JSON or a CSV row), not yet checked.
    public struct FeedInput: Sendable, Codable {
        public var citizenId: String?
        public var event: String?
        public var date: String?
        public var detail: String?
        public init(citizenId: String?, event: String?, date: String?, detail: String?) {
            self.citizenId = citizenId
            self.event = event
            self.date = date
            self.detail = detail
        }
    }

    public struct FeedReport: Sendable {
        public var received = 0
        public var matched = 0
        public var unmatched = 0
        public var duplicates = 0
        public var rejected = 0
        public var changesApplied = 0
        public var workItems = 0
        /// (1-based record number, problem).
        public var problems: [(record: Int, error: AppError)] = []
    }

    public func receive(source: FeedSource, _ inputs: [FeedInput]) async throws -> FeedReport {
        guard context.actor.role.canReceiveFeeds else { throw AppError(.forbidden, "feeds_forbidden") }
        var report = FeedReport()
        report.received = inputs.count
        for (index, input) in inputs.enumerated() {
            let record: FeedRecord
            do { record = try check(input, source: source) } catch let error as AppError {
                report.problems.append((index + 1, error))
                report.rejected += 1
                continue
            }
            let key = context.protection.lookupHash(
                "\(source.rawValue)|\(record.event.rawValue)|\(record.citizenID.value)|\(record.date)", kind: "feed")
            if try await FeedRecordModel.query(on: db).filter(\.$dedupeKey == key).first() != nil {
                report.duplicates += 1
                continue
            }
            let person = try await context.scoped.query(ElderModel.self).filter(\.$idHash == elders.lookupHash(record.citizenID)).first()
            if let person, record.event == .death, record.date < person.birth {
                report.problems.append((index + 1, AppError(.invalidInput, "date_before_birth", field: "date", ["value": record.date.description])))
                report.rejected += 1
                continue
            }
            let outcome = try await store(record, source: source, key: key, person: person)
            if person == nil { report.unmatched += 1 } else { report.matched += 1 }
            report.changesApplied += outcome.changes
            report.workItems += outcome.workItem ? 1 : 0
        }
        await context.deliverEvents()
        return report
    }

    func check(_ input: FeedInput, source: FeedSource) throws -> FeedRecord {
        let id: CitizenID
        do { id = try CitizenID(input.citizenId ?? "", today: context.today) } catch { throw error.appError(field: "citizenId") }
        guard let eventText = input.event, let event = FeedEvent(text: eventText) else {
            throw AppError(.invalidInput, "feed_event_invalid", field: "event", ["value": input.event ?? ""])
        }
        guard source.events.contains(event) else {
            throw AppError(.invalidInput, "feed_event_source", field: "event", ["value": event.rawValue, "source": source.rawValue])
        }
        guard let text = input.date, let date = CalendarDate(text) else {
            throw AppError(.invalidInput, "day_invalid", field: "date", ["value": input.date ?? ""])
        }
        guard date <= context.today else { throw AppError(.invalidInput, "date_in_future", field: "date", ["value": date.description]) }
        return FeedRecord(
            citizenID: id, event: event, date: date, detail: String((input.detail ?? "").trimmingCharacters(in: .whitespaces).prefix(200)))
    }

    /// Keeps the record and, for a person, applies the rule's changes and raises the work item — one transaction.
    func store(_ record: FeedRecord, source: FeedSource, key: String, person: ElderModel?) async throws -> (changes: Int, workItem: Bool) {
        let row = FeedRecordModel()
        row.source = source.rawValue
        row.event = record.event.rawValue
        row.eventDate = record.date.description
        row.idCipher = try context.protection.seal(record.citizenID.value)
        row.idHash = elders.lookupHash(record.citizenID)
        row.idMasked = record.citizenID.masked
        row.detail = record.detail
        row.elderID = person?.id
        row.regionCode = person?.regionCode
        row.dedupeKey = key
        let actor = context.actor
        return try await db.transaction { db in
            try await row.create(on: db)
            guard let person else { return (0, false) }
            let consequence = FeedRules.consequence(of: record)
            var applied: [String] = []
            for change in consequence.changes {
                if let note = try await apply(change, to: person, source: source, on: db) { applied.append(note) }
            }
            let item = WorkItemModel()
            item.$elder.id = try person.requireID()
            item.regionCode = person.regionCode
            item.kind = consequence.workItem.rawValue
            item.source = "feed:\(source.rawValue)"
            item.sourceKey = try row.requireID().uuidString
            item.detail = "\(record.event.chineseName) \(record.date)" + (record.detail.isEmpty ? "" : " · \(record.detail)")
            item.applied = applied.joined(separator: "; ")
            item.status = WorkItemModel.Status.open.rawValue
            try await item.create(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "elder.feed", recordType: "elder", recordID: person.id?.uuidString,
                region: person.region, detail: "\(source.rawValue) \(record.event.rawValue) \(record.date) \(item.applied)")
            return (applied.count, true)
        }
    }

    /// Applies one change; returns what was done, or nil when it was already so.
    func apply(_ change: FeedConsequence.Change, to person: ElderModel, source: FeedSource, on db: any Database) async throws -> String? {
        switch change {
        case .markDeceased(let day):
            guard person.statusValue != .deceased else { return nil }
            let from = person.statusValue
            person.status = ElderStatus.deceased.rawValue
            person.statusDate = day.description
            person.statusNote = "feed:\(source.rawValue)"
            try await person.update(on: db)
            try await EventOutbox.record(
                PersonStatusChanged(
                    elderID: try person.requireID(), region: person.regionCode, from: from, to: .deceased,
                    day: day.description, feed: source.rawValue, actor: EventActor(context.actor)), on: db)
            return "status=deceased"
        case .startCategory(let category, let since):
            return try await CategoryChanges.start(category, since: since, source: source.rawValue, of: person, on: db)
        case .endCategory(let category, let until):
            return try await CategoryChanges.end(category, until: until, of: person, on: db)
        }
    }

    // MARK: Daily run

    /// Raises a work item for each person in the register who turned 80, 90 or 100 after
    /// `since` and up to `today`. Returns how many were raised (repeats raise none).
    public func discoverMilestones(since: CalendarDate) async throws -> Int {
        let today = context.today
        guard since < today else { return 0 }
        var raised = 0
        for age in [80, 90, 100] {
            // Widened by a day on each side for 29 February; the pure rule decides exactly.
            let low = since.addingYears(-age).addingDays(-1).description
            let high = today.addingYears(-age).addingDays(1).description
            let people = try await context.scoped.query(ElderModel.self)
                .filter(\.$status == ElderStatus.active.rawValue)
                .filter(\.$birthDate > low).filter(\.$birthDate <= high)
                .all()
            for person in people {
                guard let hit = FeedRules.milestones(birth: person.birth, after: since, upTo: today).first(where: { $0.age == age }),
                    let kind = FeedRules.milestoneKind(age: age)
                else { continue }
                let id = try person.requireID()
                let key = "age-\(age)"
                if try await WorkItemModel.query(on: db).filter(\.$elder.$id == id).filter(\.$kind == kind.rawValue).filter(\.$sourceKey == key)
                    .first() != nil
                {
                    continue
                }
                let item = WorkItemModel()
                item.$elder.id = id
                item.regionCode = person.regionCode
                item.kind = kind.rawValue
                item.source = "discovery"
                item.sourceKey = key
                item.detail = "\(age) 周岁 \(hit.on)"
                item.applied = ""
                item.status = WorkItemModel.Status.open.rawValue
                try await item.create(on: db)
                raised += 1
            }
        }
        return raised
    }
}
