import YanglaoCore

extension StoreContext {
    /// Tells this server's dispatch cache that a county's dispatch data (its workers, their
    /// duty and position, its admitted providers, its 派单模式) changed. Called by the services
    /// after their transaction committed, so a handler, a command or a job that makes the
    /// change cannot forget it; without a cache it does nothing.
    func dispatchDataChanged(in county: RegionCode) async {
        await node.dispatchCache?.invalidate(county)
    }
}
