import CLibvirt
import Foundation
import Inventory
import TapVocabulary

/// One open libvirt connection (`virConnectOpen`), closed when the last reference
/// goes away. libvirt connections may be used from several threads at once.
///
/// Besides reading (domains, networks, hostname) it offers the few lifecycle calls
/// an operator script or a test needs: define, start, destroy, undefine.
public final class LibvirtConnection: @unchecked Sendable {
    /// The URI the connection was opened with, such as `qemu:///system` or
    /// `test:///default`.
    public let uri: String
    let pointer: virConnectPtr
    /// The libvirt library the connection was opened with.
    let libvirt: LibvirtLibrary

    /// One domain as listed: its XML description and state.
    public struct DomainRecord: Sendable {
        /// The domain's XML description as `virDomainGetXMLDesc` returns it (flags 0: the live definition of a running
        /// domain, the persistent one otherwise).
        public var xml: String
        /// The state from `virDomainGetState`: running (also when blocked), paused, shut off (also while shutting
        /// down), crashed, suspended (PM-suspended), otherwise unknown.
        public var state: VMPowerState
        /// Addresses libvirt knows per MAC (DHCP leases on libvirt networks; the
        /// test driver invents some); empty when the domain is not running.
        public var addresses: [String: [String]]
    }

    /// Opens `uri` read-write, or read-only (enough for the inventory; required for
    /// unprivileged users on `qemu:///system`). The first connection of the process
    /// loads libvirt (`libvirt.so.0`; failing with the reason when it cannot) and
    /// registers the libvirt event loop so lifecycle events can be subscribed to later.
    public init(uri: String, readOnly: Bool = false) throws(InventorySourceError) {
        let libvirt: LibvirtLibrary
        do {
            libvirt = try LibvirtRuntime.prepare()
        } catch {
            throw InventorySourceError(source: "libvirt:" + uri, reason: error.reason)
        }
        let opened = readOnly ? libvirt.virConnectOpenReadOnly(uri) : libvirt.virConnectOpen(uri)
        guard let opened else {
            throw InventorySourceError(source: "libvirt:" + uri, reason: "cannot connect: " + Self.lastError(libvirt))
        }
        self.uri = uri
        self.libvirt = libvirt
        self.pointer = opened
    }

    deinit { _ = libvirt.virConnectClose(pointer) }

    /// The host name of the hypervisor node (`virConnectGetHostname`).
    public func hostname() throws(InventorySourceError) -> String {
        guard let name = libvirt.virConnectGetHostname(pointer) else { throw failure("cannot read the host name") }
        defer { free(name) }
        return String(cString: name)
    }

    /// Every defined or running domain with its XML and state.
    public func domains() throws(InventorySourceError) -> [DomainRecord] {
        try withAll(
            "domains",
            list: { libvirt.virConnectListAllDomains(pointer, &$0, 0) },
            free: { libvirt.virDomainFree($0) },
            each: { domain throws(InventorySourceError) in
                guard let xml = libvirt.virDomainGetXMLDesc(domain, 0) else {
                    throw failure("cannot read a domain's XML")
                }
                defer { free(xml) }
                var state: Int32 = 0
                var reason: Int32 = 0
                guard libvirt.virDomainGetState(domain, &state, &reason, 0) == 0 else {
                    throw failure("cannot read a domain's state")
                }
                let powerState = Self.powerState(state)
                return DomainRecord(
                    xml: String(cString: xml),
                    state: powerState,
                    addresses: powerState == .running ? addresses(of: domain) : [:]
                )
            }
        )
    }

    /// The XML description of every network, active or not.
    public func networkXMLs() throws(InventorySourceError) -> [String] {
        try withAll(
            "networks",
            list: { libvirt.virConnectListAllNetworks(pointer, &$0, 0) },
            free: { libvirt.virNetworkFree($0) },
            each: { network throws(InventorySourceError) in
                guard let xml = libvirt.virNetworkGetXMLDesc(network, 0) else {
                    throw failure("cannot read a network's XML")
                }
                defer { free(xml) }
                return String(cString: xml)
            }
        )
    }

    /// Calls a `virConnectListAll…` function, maps every returned object, and frees
    /// the objects and the array whatever happens.
    private func withAll<Object, Result>(
        _ what: String,
        list: (inout UnsafeMutablePointer<Object?>?) -> Int32,
        free release: (Object) -> Int32,
        each transform: (Object) throws(InventorySourceError) -> Result
    ) throws(InventorySourceError) -> [Result] {
        var array: UnsafeMutablePointer<Object?>?
        let count = list(&array)
        guard count >= 0, let array else { throw failure("cannot list \(what)") }
        let objects = UnsafeMutableBufferPointer(start: array, count: Int(count))
        defer {
            for object in objects { if let object { _ = release(object) } }
            free(array)
        }
        var results: [Result] = []
        for object in objects {
            if let object { results.append(try transform(object)) }
        }
        return results
    }

    // MARK: - Lifecycle

    /// Defines (or redefines, when the name or UUID exists) a persistent domain.
    public func defineDomain(xml: String) throws(InventorySourceError) {
        guard let domain = libvirt.virDomainDefineXML(pointer, xml) else { throw failure("cannot define the domain") }
        _ = libvirt.virDomainFree(domain)
    }

    /// Starts a defined domain.
    public func startDomain(named name: String) throws(InventorySourceError) {
        try withDomain(named: name) { domain in libvirt.virDomainCreate(domain) }
    }

    /// Stops a running domain at once (power off).
    public func destroyDomain(named name: String) throws(InventorySourceError) {
        try withDomain(named: name) { domain in libvirt.virDomainDestroy(domain) }
    }

    /// Removes a domain's persistent definition.
    public func undefineDomain(named name: String) throws(InventorySourceError) {
        try withDomain(named: name) { domain in libvirt.virDomainUndefine(domain) }
    }

    private func withDomain(named name: String, _ body: (virDomainPtr) -> Int32) throws(InventorySourceError) {
        guard let domain = libvirt.virDomainLookupByName(pointer, name) else {
            throw failure("no domain named \(name)")
        }
        defer { _ = libvirt.virDomainFree(domain) }
        guard body(domain) == 0 else { throw failure("operation on \(name) failed") }
    }

    // MARK: - Helpers

    func failure(_ what: String) -> InventorySourceError {
        InventorySourceError(source: "libvirt:" + uri, reason: what + ": " + Self.lastError(libvirt))
    }

    static func lastError(_ libvirt: LibvirtLibrary) -> String {
        guard let message = libvirt.virGetLastErrorMessage() else { return "unknown libvirt error" }
        return String(cString: message)
    }

    static func powerState(_ state: Int32) -> VMPowerState {
        switch UInt32(bitPattern: state) {
        case VIR_DOMAIN_RUNNING.rawValue, VIR_DOMAIN_BLOCKED.rawValue: .running
        case VIR_DOMAIN_PAUSED.rawValue: .paused
        case VIR_DOMAIN_SHUTDOWN.rawValue, VIR_DOMAIN_SHUTOFF.rawValue: .shutOff
        case VIR_DOMAIN_CRASHED.rawValue: .crashed
        case VIR_DOMAIN_PMSUSPENDED.rawValue: .suspended
        default: .unknown
        }
    }

    /// Addresses by lower-case MAC from `virDomainInterfaceAddresses` (lease source);
    /// empty when the driver cannot tell.
    func addresses(of domain: virDomainPtr) -> [String: [String]] {
        var interfaces: UnsafeMutablePointer<virDomainInterfacePtr?>?
        let count = libvirt.virDomainInterfaceAddresses(
            domain,
            &interfaces,
            UInt32(VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE.rawValue),
            0
        )
        guard count > 0, let interfaces else {
            libvirt.virResetLastError()
            return [:]
        }
        defer {
            for i in 0..<Int(count) { if let interface = interfaces[i] { libvirt.virDomainInterfaceFree(interface) } }
            free(interfaces)
        }
        var result: [String: [String]] = [:]
        for i in 0..<Int(count) {
            guard let interface = interfaces[i]?.pointee, let hwaddr = interface.hwaddr else { continue }
            let mac = String(cString: hwaddr).lowercased()
            for j in 0..<Int(interface.naddrs) {
                if let address = interface.addrs[j].addr { result[mac, default: []].append(String(cString: address)) }
            }
        }
        return result
    }
}

extension LibvirtConnection {
    /// True while the connection works (`virConnectIsAlive`).
    public var isAlive: Bool { libvirt.virConnectIsAlive(pointer) == 1 }
}
