extension ElderRecord {
    /// The record as input again, so a partial change can be overlaid and checked like new.
    public var input: ElderInput {
        ElderInput(
            citizenID: citizenID.value, name: name, phone: phone?.value, address: address, regionCode: region.value,
            latitude: location?.latitude, longitude: location?.longitude, householdLocal: household.isLocal,
            householdPlace: household.place, living: living?.rawValue, enrolledOn: enrolledOn?.description,
            categories: categories.map {
                .init(
                    category: $0.category.rawValue, since: $0.since?.description,
                    until: $0.until?.description, source: $0.source)
            },
            contacts: contacts.map { .init(name: $0.name, relation: $0.relation, phone: $0.phone.value) })
    }

    /// Names of the fields that differ from `old`, for the audit entry of a change.
    public func changedFields(from old: ElderRecord) -> [String] {
        var out: [String] = []
        if citizenID != old.citizenID { out.append("citizenId") }
        if name != old.name { out.append("name") }
        if phone != old.phone { out.append("phone") }
        if address != old.address { out.append("address") }
        if region != old.region { out.append("regionCode") }
        if location != old.location { out.append("location") }
        if household != old.household { out.append("household") }
        if living != old.living { out.append("living") }
        if enrolledOn != old.enrolledOn { out.append("enrolledOn") }
        if Set(categories) != Set(old.categories) { out.append("categories") }
        if contacts != old.contacts { out.append("contacts") }
        return out
    }
}

extension ElderInput {
    /// This input with every field that `changes` sets replacing ours. An empty string
    /// clears an optional text field (phone, living, household place).
    public func overlaid(with changes: ElderInput) -> ElderInput {
        var out = self
        if let v = changes.citizenID { out.citizenID = v }
        if let v = changes.name { out.name = v }
        if let v = changes.phone { out.phone = v }
        if let v = changes.address { out.address = v }
        if let v = changes.regionCode { out.regionCode = v }
        if changes.latitude != nil || changes.longitude != nil {
            out.latitude = changes.latitude
            out.longitude = changes.longitude
        }
        if let v = changes.householdLocal { out.householdLocal = v }
        if let v = changes.householdPlace { out.householdPlace = v }
        if let v = changes.living { out.living = v }
        if let v = changes.enrolledOn { out.enrolledOn = v }
        if let v = changes.categories { out.categories = v }
        if let v = changes.contacts { out.contacts = v }
        return out
    }
}

extension ElderRecord {
    /// A canonical text of the record's facts (not where a category came from), for the
    /// content fingerprint that tells an unchanged import row.
    public var canonicalText: String {
        var parts = [
            citizenID.value, name, phone?.value ?? "", address, region.value,
            location.map { "\($0.latitude),\($0.longitude)" } ?? "", household.isLocal ? "1" : "0",
            household.place ?? "", living?.rawValue ?? "", enrolledOn?.description ?? "",
        ]
        parts.append(
            categories.sorted { $0.category.rawValue < $1.category.rawValue }
                .map { "\($0.category.rawValue)/\($0.since?.description ?? "")/\($0.until?.description ?? "")" }.joined(separator: ";"))
        parts.append(contacts.map { "\($0.name)/\($0.relation)/\($0.phone.value)" }.joined(separator: ";"))
        return parts.joined(separator: "\u{1F}")
    }
}
