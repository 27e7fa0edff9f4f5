import Foundation
import Vapor
import YanglaoCore
import YanglaoStore

/// One order as the order pages show it, in the page's locale.
struct OrderView: Encodable {
    struct Step: Encodable {
        let at: String
        let event: String
        let status: String
        let actor: String
        let detail: String
    }

    let id: String
    let service: String
    let status: String
    let statusCode: String
    let isOpen: Bool
    let wanted: String
    let scheduled: Bool
    let address: String
    let notes: String
    let channel: String
    let orderedBy: String
    let price: String
    let personID: String
    let personName: String
    let regionCode: String
    /// The village's name; the code is a detail beside it.
    let regionName: String
    let workerName: String
    let providerName: String
    let explanation: String
    let queueReason: String
    let code: String
    let checkIn: String
    let checkOut: String
    let record: String
    let flags: [String]
    let rating: Int
    let stars: String
    let ratingComment: String
    let complaint: String
    let cancelReason: String
    let voucher: String
    let own: String
    let navigate: String
    let created: String
    let complaintResolution: String
    let flagsReview: String
    let steps: [Step]

    /// `actors` names the accounts that acted (`ActorLabel.names`); without, their usernames show.
    init(_ o: OrderModel, parties: OrderParties, events: [OrderEventModel] = [], actors: [String: String] = [:], req: Request) {
        let who = { (username: String) in ActorLabel.text(username, names: actors, req: req) }
        let english = req.locale == .en
        id = o.id!.uuidString
        service = ServiceCatalogue.type(o.serviceType).map { english ? $0.englishName : $0.name } ?? o.serviceType
        status = req.t("order_status_\(o.status)")
        statusCode = o.status
        isOpen = o.statusValue.isOpen
        wanted = Self.time(o.wantedAt)
        scheduled = o.scheduled
        address = o.address
        notes = o.notes
        channel = req.t("order_channel_\(o.channel)")
        orderedBy = who(o.orderedBy)
        price = Self.yuan(o.priceFen)
        personID = o.elderID.uuidString
        personName = parties.elder(o)
        regionCode = o.regionCode
        regionName = parties.region(o)
        workerName = parties.worker(o)
        providerName = parties.provider(o)
        explanation = o.dispatchExplanation ?? ""
        queueReason = o.queueReason ?? ""
        code = o.confirmationCode ?? ""
        checkIn = o.checkInAt.map(Self.time) ?? ""
        checkOut = o.checkOutAt.map(Self.time) ?? ""
        record = o.serviceRecord ?? ""
        flags = o.flags.map { req.t("order_flag_\($0.flag.rawValue)") + "：" + $0.detail }
        rating = o.rating ?? 0
        stars = o.rating.map { String(repeating: "★", count: min(5, max(0, $0))) + String(repeating: "☆", count: 5 - min(5, max(0, $0))) } ?? ""
        ratingComment = o.ratingComment ?? ""
        complaint = o.complaint ?? ""
        cancelReason = o.cancelReason ?? ""
        voucher = o.voucherFen.map(Self.yuan) ?? ""
        own = o.selfFen.map(Self.yuan) ?? ""
        navigate = o.position.map { "geo:\($0.latitude),\($0.longitude)?q=\($0.latitude),\($0.longitude)" } ?? ""
        created = o.createdAt.map(Self.time) ?? ""
        complaintResolution = o.complaintResolution.map { "\($0)（\(who(o.complaintResolvedBy ?? ""))）" } ?? ""
        flagsReview =
            o.flagsVerdict.map { v in
                [req.t("flag_verdict_\(v)"), o.flagsReviewNote ?? "", "（\(who(o.flagsReviewedBy ?? ""))）"].filter { !$0.isEmpty }.joined(
                    separator: " ")
            } ?? ""
        steps = events.map {
            Step(
                at: Self.time($0.at), event: req.t("order_event_\($0.event)"), status: req.t("order_status_\($0.toStatus)"),
                actor: who($0.actorUsername), detail: $0.detail)
        }
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = CalendarDate.chinaTimeZone
        return formatter.string(from: date)
    }

    static func yuan(_ fen: Int) -> String { "¥" + ServiceStandard.yuanText(fen) }

    /// The service types as select options (or buttons), in the page's locale.
    static func services(selected: String?, req: Request, includeAll: Bool) -> [Pages.Option] {
        let english = req.locale == .en
        let all = includeAll ? [Pages.Option(value: "", label: req.t("all_services"), selected: (selected ?? "").isEmpty)] : []
        return all
            + ServiceCatalogue.example.map {
                Pages.Option(value: $0.code, label: english ? $0.englishName : $0.name, selected: selected == $0.code)
            }
    }
}
