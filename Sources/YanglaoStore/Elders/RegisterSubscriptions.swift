import Fluent
import Foundation
import SQLKit
import YanglaoCore

/// What the register does when other domains report a change.
public enum RegisterSubscriptions {
    public static func register(on bus: EventBus) {
        // 入网 on the first service: a person served without an enrolment date is enrolled that day.
        bus.subscribe(ServiceCompleted.self, as: "register.enrol_on_first_service") { event, db in
            try await db.sqlDatabase().update(ElderModel.schema)
                .set("enrolled_on", to: SQLBind(event.day))
                .set("updated_at", to: SQLBind(Date()))
                .where("id", .equal, SQLBind(event.elderID))
                .where("enrolled_on", .is, SQLLiteral.null)
                .run()
        }
        // 撤并: the people of a retired village live in its successor now, and their page says
        // where they were; the village tallies follow (the triggers mark both villages), and
        // so do the open work items.
        bus.subscribe(RegionRetired.self, as: "register.move_people_of_retired_region") { event, db in
            try await db.sqlDatabase().update(ElderModel.schema)
                .set("region_code", to: SQLBind(event.successor))
                .set("former_region_code", to: SQLBind(event.code))
                .set("updated_at", to: SQLBind(Date()))
                .where("region_code", .equal, SQLBind(event.code))
                .run()
            try await RegionMove.rows(of: ElderCategoryModel.schema, in: event, on: db)
            try await RegionMove.rows(
                of: WorkItemModel.schema, in: event, onlyWhere: RegionMove.statusIn([WorkItemModel.Status.open.rawValue]), on: db)
        }
    }
}
