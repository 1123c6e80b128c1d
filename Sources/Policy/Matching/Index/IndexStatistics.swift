/// How many rules the index files under each kind of key (for `tapctl policy check`).
struct IndexStatistics {
    /// Rules with no condition at all.
    var matchAll = 0
    var address = 0
    /// Rules keyed on a `vm` or `tag` endpoint (its MACs and addresses).
    var vm = 0
    var mac = 0
    var port = 0
    var proto = 0
    var vlan = 0

    /// The non-zero counts by name (`match-all`, `address`, `vm`, `mac`, `port`, `proto`, `vlan`).
    var byName: [String: Int] {
        let named = [
            ("match-all", matchAll), ("address", address), ("vm", vm), ("mac", mac), ("port", port),
            ("proto", proto), ("vlan", vlan),
        ]
        return Dictionary(uniqueKeysWithValues: named.filter { $0.1 > 0 })
    }
}
