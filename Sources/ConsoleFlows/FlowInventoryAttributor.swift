import NetworkTypes

/// A `FlowAttributor` over an inventory's history: for each VM NIC address,
/// the times from which a VM (with its host and network) owned it. A VM that
/// migrated has one entry per host, all with its UUID.
public struct FlowInventoryAttributor: FlowAttributor {
    /// One ownership: from `since` (ms since the epoch) until the next entry of the same address.
    public struct Ownership: Sendable {
        /// Milliseconds since the epoch from which `vm` owns the address (`Int64.min`: since always).
        public var since: Int64
        /// The VM, with its host and network at that time.
        public var vm: FlowVMAttribution
        /// An ownership of `vm` from `since` (milliseconds since the epoch).
        public init(since: Int64, vm: FlowVMAttribution) {
            self.since = since
            self.vm = vm
        }
    }

    var byAddress: [IPAddress: [Ownership]] = [:]
    var byUUID: [UInt128: [Ownership]] = [:]

    /// An attributor that knows no VM: every endpoint is an address.
    public init() {}

    /// Records that from `since` on, `address` belongs to `vm`.
    public mutating func add(_ address: IPAddress, to vm: FlowVMAttribution, since: Int64 = .min) {
        let ownership = Ownership(since: since, vm: vm)
        byAddress[address, default: []].append(ownership)
        byAddress[address]!.sort { $0.since < $1.since }
        byUUID[vm.uuid, default: []].append(ownership)
        byUUID[vm.uuid]!.sort { $0.since < $1.since }
    }

    /// The VM that owned `address` at `milliseconds` since the epoch: the latest ownership starting at or before then;
    /// `nil` when none did.
    public func vm(owning address: IPAddress, at milliseconds: Int64) -> FlowVMAttribution? {
        Self.latest(byAddress[address], at: milliseconds)
    }

    /// The VM with `uuid` as it was at `milliseconds` since the epoch (host and network of that time); `nil` before its
    /// first recorded ownership.
    public func vm(uuid: UInt128, at milliseconds: Int64) -> FlowVMAttribution? {
        Self.latest(byUUID[uuid], at: milliseconds)
    }

    static func latest(_ list: [Ownership]?, at milliseconds: Int64) -> FlowVMAttribution? {
        guard let list else { return nil }
        return list.last { $0.since <= milliseconds }?.vm
    }
}
