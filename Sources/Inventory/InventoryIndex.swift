import NetworkTypes
import TapVocabulary

/// Constant-time lookups over one snapshot: MAC, IP and host interface (name on a
/// host) to VM, and VM selectors (name glob, tag) to MAC / IP / interface sets.
///
/// Built once per snapshot; reading it never allocates beyond the returned values.
/// Interface names are unique per host only, so they are indexed by
/// ``HostInterface`` (host and name): `vnet0` on host-a and `vnet0` on host-b are
/// two interfaces. When two VMs claim the same MAC, IP or interface on one host,
/// the first VM in the snapshot's canonical order (by name) keeps it and an
/// ``InventoryConflict`` is recorded in `conflicts`.
public struct InventoryIndex: Sendable {
    /// The indexed snapshot, in canonical order.
    public let snapshot: InventorySnapshot
    /// Duplicate MACs, IPs and interfaces (on one host) found while indexing.
    public let conflicts: [InventoryConflict]

    private let byMAC: [MACAddress: Location]
    private let byIP: [IPAddress: Location]
    private let byInterface: [HostInterface: Location]
    private let byKey: [String: Int]

    private struct Location: Sendable {
        var vm: Int
        var nic: Int
    }

    /// Indexes `snapshot` (sorted into canonical order first); duplicate claims are recorded in ``conflicts``.
    public init(_ snapshot: InventorySnapshot) {
        let sorted = snapshot.sorted()
        var byMAC: [MACAddress: Location] = [:]
        var byIP: [IPAddress: Location] = [:]
        var byInterface: [HostInterface: Location] = [:]
        var byKey: [String: Int] = [:]
        var macClaims: [MACAddress: [Int]] = [:]
        var ipClaims: [IPAddress: [Int]] = [:]
        var interfaceClaims: [HostInterface: [Int]] = [:]
        for (v, vm) in sorted.virtualMachines.enumerated() {
            if byKey[vm.key] == nil { byKey[vm.key] = v }
            for (n, nic) in vm.nics.enumerated() {
                let here = Location(vm: v, nic: n)
                if byMAC[nic.mac] == nil { byMAC[nic.mac] = here }
                macClaims[nic.mac, default: []].append(v)
                for ip in nic.ips {
                    if byIP[ip] == nil { byIP[ip] = here }
                    ipClaims[ip, default: []].append(v)
                }
                if let name = nic.interfaceName {
                    let interface = HostInterface(name, on: vm.host)
                    if byInterface[interface] == nil { byInterface[interface] = here }
                    interfaceClaims[interface, default: []].append(v)
                }
            }
        }
        func conflicts<Subject>(
            _ claims: [Subject: [Int]],
            _ kind: InventoryConflict.Kind,
            _ label: (Subject) -> String
        ) -> [InventoryConflict] {
            claims.compactMap { subject, vmIndices -> InventoryConflict? in
                let distinct = Array(Set(vmIndices)).sorted()
                guard distinct.count > 1 else { return nil }
                let names = distinct.map { Self.claimLabel(sorted.virtualMachines[$0]) }
                return InventoryConflict(kind: kind, subject: label(subject), claims: names, kept: names[0])
            }
        }
        self.conflicts =
            (conflicts(macClaims, .duplicateMAC) { $0.description }
            + conflicts(ipClaims, .duplicateIP) { $0.description }
            + conflicts(interfaceClaims, .duplicateInterface) { $0.description })
            .sorted { ($0.kind.rawValue, $0.subject) < ($1.kind.rawValue, $1.subject) }
        self.snapshot = sorted
        self.byMAC = byMAC
        self.byIP = byIP
        self.byInterface = byInterface
        self.byKey = byKey
    }

    static func claimLabel(_ vm: VirtualMachine) -> String {
        vm.name + "@" + (vm.host ?? "?")
    }

    /// The VMs in canonical order.
    public var virtualMachines: [VirtualMachine] { snapshot.virtualMachines }

    /// The VM owning `mac`, or `nil`.
    public func virtualMachine(withMAC mac: MACAddress) -> VirtualMachine? {
        byMAC[mac].map { snapshot.virtualMachines[$0.vm] }
    }

    /// The NIC carrying `mac` and its VM, or `nil`.
    public func nic(withMAC mac: MACAddress) -> (vm: VirtualMachine, nic: VirtualNIC)? {
        byMAC[mac].map { entry(at: $0) }
    }

    /// The VM owning `ip`, or `nil`.
    public func virtualMachine(withIP ip: IPAddress) -> VirtualMachine? {
        byIP[ip].map { snapshot.virtualMachines[$0.vm] }
    }

    /// The VM whose NIC is the interface `name` (`vnet3`) on `host`, or `nil`.
    /// `host: nil` asks for VMs the inventory does not place on a host.
    public func virtualMachine(onInterface name: String, host: String?) -> VirtualMachine? {
        byInterface[HostInterface(name, on: host)].map { snapshot.virtualMachines[$0.vm] }
    }

    /// The NIC behind interface `name` on `host` and its VM, or `nil`.
    public func nic(onInterface name: String, host: String?) -> (vm: VirtualMachine, nic: VirtualNIC)? {
        byInterface[HostInterface(name, on: host)].map { entry(at: $0) }
    }

    /// The VM with this ``VirtualMachine/key`` (UUID or name identity), or `nil`.
    public func virtualMachine(key: String) -> VirtualMachine? {
        byKey[key].map { snapshot.virtualMachines[$0] }
    }

    /// The VMs the selector picks, in canonical order.
    public func virtualMachines(matching selector: VMSelector) -> [VirtualMachine] {
        snapshot.virtualMachines.filter(selector.matches)
    }

    /// Every MAC of the VMs the selector picks.
    public func macAddresses(matching selector: VMSelector) -> Set<MACAddress> {
        Set(virtualMachines(matching: selector).flatMap { $0.nics.map(\.mac) })
    }

    /// Every known IP of the VMs the selector picks.
    public func ipAddresses(matching selector: VMSelector) -> Set<IPAddress> {
        Set(virtualMachines(matching: selector).flatMap { $0.nics.flatMap(\.ips) })
    }

    /// Every host interface (name and host) of the VMs the selector picks.
    public func interfaces(matching selector: VMSelector) -> Set<HostInterface> {
        Set(
            virtualMachines(matching: selector).flatMap { vm in
                vm.nics.compactMap { nic in nic.interfaceName.map { HostInterface($0, on: vm.host) } }
            }
        )
    }

    private func entry(at location: Location) -> (vm: VirtualMachine, nic: VirtualNIC) {
        let vm = snapshot.virtualMachines[location.vm]
        return (vm, vm.nics[location.nic])
    }
}
