import Vapor
import YanglaoCore
import YanglaoStore

/// Creating and changing a person in the console, with every problem shown at its field.
extension ElderPages {
    struct ContactRow: Encodable {
        let index: Int
        let name: String
        let relation: String
        let phone: String
    }

    struct FormBody: Encodable {
        let isNew: Bool
        let id: String
        let values: [String: String]
        let categories: [Option]
        let livings: [Option]
        let households: [Option]
        let contacts: [ContactRow]
        /// Problem messages by field key (`citizenId`, `contacts0phone`).
        let errors: [String: String]
        let errorSummary: String?
    }

    struct ElderForm: Decodable {
        var citizenId: String?
        var name: String?
        var phone: String?
        var address: String?
        var regionCode: String?
        var latitude: String?
        var longitude: String?
        var householdLocal: String?
        var householdPlace: String?
        var living: String?
        var enrolledOn: String?
        var categories: [String]?
        var contactName0: String?, contactRelation0: String?, contactPhone0: String?
        var contactName1: String?, contactRelation1: String?, contactPhone1: String?
    }

    /// `contacts[0].phone` → `contacts0phone`: a key a template can name.
    static func fieldKey(_ field: String) -> String { field.filter { $0.isLetter || $0.isNumber } }

    func formBody(_ req: Request, id: UUID?, form: ElderForm, error: AppError? = nil) -> FormBody {
        var errors: [String: String] = [:]
        if let error {
            for problem in error.details.isEmpty ? [error] : error.details {
                let key = Self.fieldKey(problem.field ?? "form")
                errors[key] = errors[key] ?? req.t("error.\(problem.code)", problem.arguments)
            }
        }
        let chosen = Set(form.categories ?? [])
        let values: [String: String] = [
            "citizenId": form.citizenId ?? "", "name": form.name ?? "", "phone": form.phone ?? "", "address": form.address ?? "",
            "regionCode": form.regionCode ?? "", "latitude": form.latitude ?? "", "longitude": form.longitude ?? "",
            "householdPlace": form.householdPlace ?? "", "enrolledOn": form.enrolledOn ?? "",
        ]
        return FormBody(
            isNew: id == nil, id: id?.uuidString ?? "", values: values,
            categories: ElderCategory.recorded.map {
                Option(value: $0.rawValue, label: req.t("category_\($0.rawValue)"), selected: chosen.contains($0.rawValue))
            },
            livings: [Option(value: "", label: req.t("not_given"), selected: (form.living ?? "").isEmpty)]
                + LivingSituation.allCases.map {
                    Option(value: $0.rawValue, label: req.t("living_\($0.rawValue)"), selected: form.living == $0.rawValue)
                },
            households: [
                Option(value: "yes", label: req.t("household_local"), selected: form.householdLocal != "no"),
                Option(value: "no", label: req.t("household_elsewhere"), selected: form.householdLocal == "no"),
            ],
            contacts: [
                ContactRow(index: 0, name: form.contactName0 ?? "", relation: form.contactRelation0 ?? "", phone: form.contactPhone0 ?? ""),
                ContactRow(index: 1, name: form.contactName1 ?? "", relation: form.contactRelation1 ?? "", phone: form.contactPhone1 ?? ""),
            ],
            errors: errors,
            errorSummary: error.map {
                req.t(
                    ($0.details.count > 1 ? "form_problems" : "error.\($0.code)"),
                    $0.details.count > 1 ? ["count": String($0.details.count)] : $0.arguments)
            })
    }

    /// The form as register input. Categories keep the dates and source they had when still ticked.
    func input(from form: ElderForm, existing: [CategoryMembership]) throws -> ElderInput {
        func number(_ text: String?, _ field: String) throws -> Double? {
            guard let t = text?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
            guard let v = Double(t) else { throw AppError(.invalidInput, "number_invalid", field: field, ["value": t]) }
            return v
        }
        let kept = Dictionary(uniqueKeysWithValues: existing.map { ($0.category.rawValue, $0) })
        let categories = (form.categories ?? []).map { code in
            kept[code].map { ElderInput.CategoryInput(category: code, since: $0.since?.description, until: $0.until?.description, source: $0.source) }
                ?? ElderInput.CategoryInput(category: code)
        }
        var contacts: [ElderInput.ContactInput] = []
        for (name, relation, phone) in [
            (form.contactName0, form.contactRelation0, form.contactPhone0), (form.contactName1, form.contactRelation1, form.contactPhone1),
        ]
        where [name, relation, phone].contains(where: { !($0 ?? "").trimmingCharacters(in: .whitespaces).isEmpty }) {
            contacts.append(.init(name: name, relation: relation, phone: phone))
        }
        return ElderInput(
            citizenID: form.citizenId, name: form.name, phone: form.phone ?? "", address: form.address ?? "",
            regionCode: form.regionCode, latitude: try number(form.latitude, "latitude"), longitude: try number(form.longitude, "longitude"),
            householdLocal: form.householdLocal != "no", householdPlace: form.householdPlace ?? "", living: form.living ?? "",
            enrolledOn: form.enrolledOn, categories: categories, contacts: contacts)
    }

    static func form(from r: ElderRecord) -> ElderForm {
        ElderForm(
            citizenId: r.citizenID.value, name: r.name, phone: r.phone?.value, address: r.address, regionCode: r.region.value,
            latitude: r.location.map { String($0.latitude) }, longitude: r.location.map { String($0.longitude) },
            householdLocal: r.household.isLocal ? "yes" : "no", householdPlace: r.household.place, living: r.living?.rawValue,
            enrolledOn: r.enrolledOn?.description, categories: r.categories.map(\.category.rawValue),
            contactName0: r.contacts.first?.name, contactRelation0: r.contacts.first?.relation, contactPhone0: r.contacts.first?.phone.value,
            contactName1: r.contacts.dropFirst().first?.name, contactRelation1: r.contacts.dropFirst().first?.relation,
            contactPhone1: r.contacts.dropFirst().first?.phone.value)
    }

    func newForm(req: Request) async throws -> Response {
        let service = try req.elders
        try service.requireEdit()
        var form = ElderForm()
        let me = try req.currentUser.user
        if me.region.level == .village { form.regionCode = me.regionCode }
        return try await Pages.render("register/elder-form", title: req.t("elder_new"), formBody(req, id: nil, form: form), for: req)
    }

    func create(req: Request) async throws -> Response {
        let service = try req.elders
        let form = try req.content.decode(ElderForm.self)
        do {
            let elder = try await service.create(try input(from: form, existing: []))
            Pages.flash(req, "flash_elder_created", ["name": elder.name])
            return req.redirect(to: "/elders/\(elder.id!.uuidString)")
        } catch let error as AppError where error.kind == .invalidInput || error.kind == .conflict || error.field == "regionCode" {
            return try await Pages.render(
                "register/elder-form", title: req.t("elder_new"), formBody(req, id: nil, form: form, error: error), for: req, status: error.status)
        }
    }

    func editForm(req: Request) async throws -> Response {
        let service = try req.elders
        try service.requireEdit()
        let id = try EldersAPI.id(req)
        let detail = try await service.detail(id)
        return try await Pages.render(
            "register/elder-form", title: req.t("elder_edit"), formBody(req, id: id, form: Self.form(from: detail.record)), for: req)
    }

    func update(req: Request) async throws -> Response {
        let service = try req.elders
        let id = try EldersAPI.id(req)
        let form = try req.content.decode(ElderForm.self)
        do {
            _ = try await service.update(id, try input(from: form, existing: try await service.categories(of: id)))
            Pages.flash(req, "flash_elder_saved")
            return req.redirect(to: "/elders/\(id.uuidString)")
        } catch let error as AppError where error.kind == .invalidInput || error.kind == .conflict || error.field == "regionCode" {
            return try await Pages.render(
                "register/elder-form", title: req.t("elder_edit"), formBody(req, id: id, form: form, error: error), for: req, status: error.status)
        }
    }
}
