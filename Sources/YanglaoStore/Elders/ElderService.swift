import Fluent
import Foundation
import YanglaoCore

/// The register's rules at the database: every way in (API, console, import, feeds, CLI)
/// comes here, so scoping, encryption, validation and audit are the same for all of them.
public struct ElderService: Sendable {
    public let context: StoreContext
    public var scoped: ScopedDatabase { context.scoped }
    public var actor: Actor { context.actor }
    public var protection: DataProtection { context.protection }
    public var today: CalendarDate { context.today }
    /// Shared by the requests of one node; nil computes statistics every time.
    public var readCache: RegisterReadCache? { context.node.registerReadCache }

    public init(_ context: StoreContext) {
        self.context = context
    }

    /// A person in full: what the detail page and endpoint show, after an audited read.
    public struct Detail: Sendable {
        public let model: ElderModel
        public let record: ElderRecord
    }

    public func requireRead() throws {
        guard actor.role.canReadRegister else { throw AppError(.forbidden, "register_forbidden") }
    }

    public func requireEdit() throws {
        guard actor.role.canEditRegister else { throw AppError(.forbidden, "register_edit_forbidden") }
    }

    /// The person's village must be inside the actor's region and exist.
    func requireRegion(_ code: RegionCode) async throws {
        do { try scoped.authorize(code) } catch { throw AppError(.forbidden, "region_forbidden", field: "regionCode", ["code": code.value]) }
        guard try await scoped.find(RegionModel.self, id: code.value) != nil else {
            throw AppError(.invalidInput, "region_not_found", field: "regionCode", ["code": code.value])
        }
    }

    public func lookupHash(_ id: CitizenID) -> String { protection.lookupHash(id.value, kind: "citizen_id") }

    // MARK: Reads

    /// A person inside the scope, or not found (outside and absent are not told apart).
    public func model(_ id: UUID) async throws -> ElderModel {
        try requireRead()
        guard let elder = try await scoped.find(ElderModel.self, id: id) else { throw AppError(.notFound, "elder_not_found") }
        return elder
    }

    /// The full record with ID and phone numbers in clear; writes an `elder.read` audit entry.
    public func detail(_ id: UUID) async throws -> Detail {
        try await auditedRead(try await model(id))
    }

    /// Every full read of a person goes through here: unseal, then write the audit entry.
    func auditedRead(_ elder: ElderModel, note: String? = nil) async throws -> Detail {
        let detail = try await unsealed(elder)
        try await AuditLog.record(
            on: scoped.database, actor: actor, action: "elder.read", recordType: "elder",
            recordID: try elder.requireID().uuidString, region: elder.region, detail: note)
        return detail
    }

    func unsealed(_ elder: ElderModel) async throws -> Detail {
        let id = try elder.requireID()
        let categories = try await ElderCategoryModel.query(on: scoped.database).filter(\.$elder.$id == id).sort(\.$category).all()
        let contacts = try await ElderContactModel.query(on: scoped.database).filter(\.$elder.$id == id).sort(\.$position).all()
        let citizenID = try CitizenID(try protection.open(elder.idCipher), today: CalendarDate(year: 9999, month: 12, day: 31)!)
        let record = ElderRecord(
            citizenID: citizenID, name: elder.name,
            phone: try elder.phoneCipher.map { try PhoneNumber(try protection.open($0)) },
            address: elder.address, region: elder.region,
            location: elder.latitude.flatMap { lat in elder.longitude.map { GeoPoint(latitude: lat, longitude: $0) } },
            household: Household(isLocal: elder.householdLocal, place: elder.householdPlace),
            living: elder.living.flatMap(LivingSituation.init(rawValue:)),
            enrolledOn: elder.enrolledOn.flatMap(CalendarDate.init),
            categories: categories.compactMap(\.membership),
            contacts: try contacts.map { Contact(name: $0.name, relation: $0.relation, phone: try PhoneNumber(try protection.open($0.phoneCipher))) })
        return Detail(model: elder, record: record)
    }

    /// A person's categories (not personal numbers, so no audited read).
    public func categories(of id: UUID) async throws -> [CategoryMembership] {
        let elder = try await model(id)
        return try await ElderCategoryModel.query(on: scoped.database).filter(\.$elder.$id == elder.requireID()).all().compactMap(\.membership)
    }

    /// The person with this ID number, if inside the scope.
    public func find(citizenID: CitizenID) async throws -> ElderModel? {
        try requireRead()
        return try await scoped.query(ElderModel.self).filter(\.$idHash == lookupHash(citizenID)).first()
    }

    // MARK: Writes

    /// Adds a person. The ID number must not be registered anywhere in the system.
    public func create(_ input: ElderInput, source: String = "录入") async throws -> ElderModel {
        try requireEdit()
        let record = try validated(input, source: source)
        try await requireRegion(record.region)
        if let existing = try await ElderModel.query(on: scoped.database).filter(\.$idHash == lookupHash(record.citizenID)).first() {
            throw conflict(existing)
        }
        let elder = ElderModel()
        elder.status = ElderStatus.active.rawValue
        try apply(record, to: elder)
        if elder.enrolledOn == nil { elder.enrolledOn = today.description }
        try await scoped.database.transaction { db in
            try await elder.create(on: db)
            try await replaceLists(of: elder, with: record, on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "elder.create", recordType: "elder",
                recordID: elder.id?.uuidString, region: record.region, detail: "source=\(source)")
        }
        return elder
    }

    /// Changes a person: fields present in `changes` replace the stored ones (categories and
    /// contacts as whole lists); the result is checked like a new record.
    public func update(_ id: UUID, _ changes: ElderInput) async throws -> ElderModel {
        try requireEdit()
        let current = try await unsealed(try await model(id))
        let merged = current.record.input.overlaid(with: changes)
        let record = try validated(merged, source: "录入")
        try await requireRegion(record.region)
        let elder = current.model
        if record.citizenID != current.record.citizenID,
            let other = try await ElderModel.query(on: scoped.database).filter(\.$idHash == lookupHash(record.citizenID)).first(), other.id != id
        {
            throw conflict(other)
        }
        let changed = record.changedFields(from: current.record)
        guard !changed.isEmpty else { return elder }
        try apply(record, to: elder)
        try await scoped.database.transaction { db in
            try await elder.update(on: db)
            if changed.contains("categories") || changed.contains("contacts") || changed.contains("regionCode") || changed.contains("name") {
                try await replaceLists(of: elder, with: record, on: db)
            }
            try await AuditLog.record(
                on: db, actor: actor, action: "elder.update", recordType: "elder",
                recordID: id.uuidString, region: record.region, detail: changed.joined(separator: ","))
        }
        return elder
    }

    /// Moves a person to another status (迁出, 死亡, back to 在册) with the day it happened.
    public func changeStatus(_ id: UUID, to status: ElderStatus, on day: CalendarDate?, note: String?) async throws -> ElderModel {
        try requireEdit()
        let elder = try await model(id)
        guard elder.statusValue.canChange(to: status) else {
            throw AppError(.conflict, "elder_status_change", field: "status", ["from": elder.status, "to": status.rawValue])
        }
        if status != .active && day == nil { throw AppError(.invalidInput, "required", field: "date") }
        if let day, day > today { throw AppError(.invalidInput, "date_in_future", field: "date", ["value": day.description]) }
        if let day, day < elder.birth { throw AppError(.invalidInput, "date_before_birth", field: "date", ["value": day.description]) }
        let from = elder.status
        elder.status = status.rawValue
        elder.statusDate = day?.description
        elder.statusNote = note.map { String($0.trimmingCharacters(in: .whitespaces).prefix(200)) }
        try await scoped.database.transaction { db in
            try await elder.update(on: db)
            try await AuditLog.record(
                on: db, actor: actor, action: "elder.status", recordType: "elder", recordID: id.uuidString,
                region: elder.region, detail: "\(from)→\(status.rawValue) \(day?.description ?? "")")
            try await EventOutbox.record(
                PersonStatusChanged(
                    elderID: id, region: elder.regionCode, from: ElderStatus(rawValue: from) ?? .active,
                    to: status, day: day?.description, feed: nil, actor: EventActor(actor)), on: db)
        }
        await context.deliverEvents()
        return elder
    }

    func validated(_ input: ElderInput, source: String) throws -> ElderRecord {
        let checked = input.validate(today: today, defaultSource: source)
        guard let record = checked.record else { throw AppError(invalid: checked.problems) }
        return record
    }

    func conflict(_ existing: ElderModel) -> AppError {
        // Say where the person is only when the actor may see them.
        if scoped.allows(existing.region), let id = existing.id {
            return AppError(.conflict, "citizen_id_registered", field: "citizenId", ["id": id.uuidString])
        }
        return AppError(.conflict, "citizen_id_registered_elsewhere", field: "citizenId")
    }

    /// Writes a record's fields onto a model: numbers sealed, hashed and masked.
    func apply(_ record: ElderRecord, to elder: ElderModel) throws {
        elder.idCipher = try protection.seal(record.citizenID.value)
        elder.idHash = lookupHash(record.citizenID)
        elder.idMasked = record.citizenID.masked
        elder.name = record.name
        elder.sex = record.sex.rawValue
        elder.birthDate = record.birthDate.description
        elder.phoneCipher = try record.phone.map { try protection.seal($0.value) }
        elder.phoneMasked = record.phone?.masked
        elder.address = record.address
        elder.regionCode = record.region.value
        elder.latitude = record.location?.latitude
        elder.longitude = record.location?.longitude
        elder.householdLocal = record.household.isLocal
        elder.householdPlace = record.household.place
        elder.living = record.living?.rawValue
        if let enrolled = record.enrolledOn { elder.enrolledOn = enrolled.description }
        elder.fingerprint = fingerprint(record)
    }

    public func fingerprint(_ record: ElderRecord) -> String { protection.lookupHash(record.canonicalText, kind: "elder_record") }

    func replaceLists(of elder: ElderModel, with record: ElderRecord, on db: any Database) async throws {
        let id = try elder.requireID()
        try await ElderCategoryModel.query(on: db).filter(\.$elder.$id == id).delete()
        try await ElderContactModel.query(on: db).filter(\.$elder.$id == id).delete()
        for membership in record.categories {
            let row = ElderCategoryModel()
            row.$elder.id = id
            row.category = membership.category.rawValue
            row.since = membership.since?.description
            row.until = membership.until?.description
            row.source = membership.source
            row.regionCode = record.region.value
            row.name = record.name
            try await row.create(on: db)
        }
        for (position, contact) in record.contacts.enumerated() {
            let row = ElderContactModel()
            row.$elder.id = id
            row.position = position
            row.name = contact.name
            row.relation = contact.relation
            row.phoneCipher = try protection.seal(contact.phone.value)
            row.phoneMasked = contact.phone.masked
            try await row.create(on: db)
        }
    }
}
