import Foundation
import YanglaoCore

/// 服务完成: a worker checked out of an order, the service given. The register enrols a person
/// not yet enrolled (入网 on the first service); later domains count it too.
public struct ServiceCompleted: DomainEvent, Equatable {
    public static let name = "orders.service_completed"

    public let orderID: UUID
    public let elderID: UUID
    public let serviceType: String
    /// The day of the check-out (`YYYY-MM-DD`, China time).
    public let day: String

    public init(orderID: UUID, elderID: UUID, serviceType: String, day: String) {
        self.orderID = orderID
        self.elderID = elderID
        self.serviceType = serviceType
        self.day = day
    }
}
