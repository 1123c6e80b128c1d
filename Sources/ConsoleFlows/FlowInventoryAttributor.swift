import NetworkTypes

/// A `FlowAttributor` over an inventory's history: for each VM NIC address,
/// the times from which a VM (with its host and network) owned it, or from
/// which nobody did. A VM that migrated has one entry per host, all with its
/// UUID, so a flow is named with the host the VM had at the flow's time.
///
/// Guarantees: `vm(owning:at:)` answers with the newest entry at or before the
/// time asked; `follow(_:since:)` adds an entry only where the owner changed, so
/// following an unchanged inventory again costs no memory; `forget(before:)`
/// keeps every answer for times from the cutoff on unchanged.
public struct FlowInventoryAttributor: FlowAttributor {
    /// One ownership: from `since` (ms since the epoch) until the next entry of the same
    /// address or UUID. `vm` is nil from the time the inventory no longer had it.
    public struct Ownership: Sendable, Equatable {
        /// Milliseconds since the epoch.
        public var since: Int64
        /// The owner from `since` on; nil when nobody owned it.
        public var vm: FlowVMAttribution?
        /// An entry: `vm` (nil: nobody) owns the address or UUID from `since` on.
        public init(since: Int64, vm: FlowVMAttribution?) {
            self.since = since
            self.vm = vm
        }
    }

    /// One NIC address of a VM as an inventory states it at some time.
    public struct NICAddress: Sendable, Equatable {
        /// One address of the NIC.
        public var address: IPAddress
        /// The VM with the NIC's host and network.
        public var vm: FlowVMAttribution
        /// `address` of a NIC of `vm`.
        public init(address: IPAddress, vm: FlowVMAttribution) {
            self.address = address
            self.vm = vm
        }
    }

    var byAddress: [IPAddress: [Ownership]] = [:]
    var byUUID: [UInt128: [Ownership]] = [:]

    /// An empty history: no address or UUID is owned at any time.
    public init() {}

    /// Records that from `since` on, `address` belongs to `vm`.
    public mutating func add(_ address: IPAddress, to vm: FlowVMAttribution, since: Int64 = .min) {
        let ownership = Ownership(since: since, vm: vm)
        Self.insert(ownership, into: &byAddress[address, default: []])
        Self.insert(ownership, into: &byUUID[vm.uuid, default: []])
    }

    /// Moves to the inventory stated by `nics` from `since` on: each address whose owner
    /// (VM, host or network) differs gets a new entry, each address and VM UUID no longer
    /// listed is released (owned by nobody from `since`). Earlier entries are kept, so flows
    /// that started before `since` are still named as the inventory was then.
    public mutating func follow(_ nics: [NICAddress], since: Int64) {
        var listedAddresses = Set<IPAddress>()
        var listedUUIDs = Set<UInt128>()
        for nic in nics {
            listedAddresses.insert(nic.address)
            if byAddress[nic.address]?.last?.vm != nic.vm {
                Self.insert(Ownership(since: since, vm: nic.vm), into: &byAddress[nic.address, default: []])
            }
            if listedUUIDs.insert(nic.vm.uuid).inserted, byUUID[nic.vm.uuid]?.last?.vm != nic.vm {
                Self.insert(Ownership(since: since, vm: nic.vm), into: &byUUID[nic.vm.uuid, default: []])
            }
        }
        Self.release(in: &byAddress, except: listedAddresses, since: since)
        Self.release(in: &byUUID, except: listedUUIDs, since: since)
    }

    /// Drops the entries no time from `milliseconds` on can reach (those followed by a newer
    /// entry at or before it), and addresses and UUIDs owned by nobody since before it.
    public mutating func forget(before milliseconds: Int64) {
        Self.forget(in: &byAddress, before: milliseconds)
        Self.forget(in: &byUUID, before: milliseconds)
    }

    /// The number of entries kept (every address's and UUID's history).
    public var entryCount: Int {
        byAddress.values.reduce(0) { $0 + $1.count } + byUUID.values.reduce(0) { $0 + $1.count }
    }

    /// The VM owning `address` at `milliseconds` (since the epoch); nil when nobody did.
    public func vm(owning address: IPAddress, at milliseconds: Int64) -> FlowVMAttribution? {
        Self.latest(byAddress[address], at: milliseconds)
    }

    /// The VM with `uuid` as the inventory stated it at `milliseconds`; nil when it had no such VM.
    public func vm(uuid: UInt128, at milliseconds: Int64) -> FlowVMAttribution? {
        Self.latest(byUUID[uuid], at: milliseconds)
    }

    static func latest(_ list: [Ownership]?, at milliseconds: Int64) -> FlowVMAttribution? {
        guard let list else { return nil }
        return list.last { $0.since <= milliseconds }?.vm ?? nil
    }

    /// Inserts keeping the list ordered by `since` (an entry at the same time as another goes after it).
    static func insert(_ ownership: Ownership, into list: inout [Ownership]) {
        let position = list.lastIndex { $0.since <= ownership.since }.map { $0 + 1 } ?? 0
        list.insert(ownership, at: position)
    }

    /// Adds a "nobody" entry at `since` for every key still owned and not in `listed`. The keys are
    /// found first, so the table is not copied by being changed while it is iterated.
    static func release<Key: Hashable>(in table: inout [Key: [Ownership]], except listed: Set<Key>, since: Int64) {
        let released = table.compactMap { key, list in list.last?.vm != nil && !listed.contains(key) ? key : nil }
        for key in released { insert(Ownership(since: since, vm: nil), into: &table[key, default: []]) }
    }

    static func forget<Key: Hashable>(in table: inout [Key: [Ownership]], before milliseconds: Int64) {
        for key in Array(table.keys) {
            guard var list = table[key] else { continue }
            if let current = list.lastIndex(where: { $0.since <= milliseconds }), current > 0 {
                list.removeFirst(current)
            }
            if list.count == 1, list[0].vm == nil, list[0].since <= milliseconds {
                table[key] = nil
            } else {
                table[key] = list
            }
        }
    }
}
