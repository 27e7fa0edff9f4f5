import Foundation
import YanglaoCore

/// What dispatch decided for an order, as plain data: given to a provider (mode (a)), offered
/// to a worker (mode (b)) at the provider's price, or queued for the hotline with the reason.
public enum DispatchDecision: Sendable, Equatable {
    case provider(UUID, explanation: String)
    case worker(UUID, provider: UUID?, name: String, priceFen: Int, explanation: String)
    case queue(reason: String)

    /// The lifecycle event it is.
    public var event: OrderEvent {
        if case .queue = self { return .queue }
        return .dispatch
    }

    /// The order timeline's text for it (a queue's text is its reason).
    public var detail: String {
        switch self {
        case .provider(_, let explanation): explanation
        case .worker(_, _, let name, _, let explanation): "\(name)：\(explanation)"
        case .queue: ""
        }
    }

    /// Writes the decision into the order (in memory; the caller saves it with the event).
    public func apply(to order: OrderModel, at now: Date) {
        switch self {
        case .provider(let provider, let explanation):
            order.providerID = provider
            order.workerID = nil
            order.offeredAt = now
            order.dispatchExplanation = explanation
            order.queueReason = nil
        case .worker(let worker, let provider, _, let price, let explanation):
            order.workerID = worker
            order.providerID = provider
            order.priceFen = price
            order.offeredAt = now
            order.dispatchExplanation = explanation
            order.queueReason = nil
        case .queue(let reason):
            order.queueReason = reason
        }
    }
}
