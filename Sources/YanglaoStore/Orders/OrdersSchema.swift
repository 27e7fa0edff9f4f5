import Fluent

/// The schema changes of orders, visits, vouchers, reviews, follow-ups and provider dispatch, in order.
public enum OrdersSchema {
    public static var migrations: [any Migration] {
        [
            CreateOrders(), AddOrderVisits(), CreateVouchers(), AddOrderReviews(), CreateFollowUps(), CreateProviderDispatch(),
            AddOpenOrdersIndex(), CreateServiceCatalogues(), AddOrderStandardMinutes(),
        ]
    }
}
