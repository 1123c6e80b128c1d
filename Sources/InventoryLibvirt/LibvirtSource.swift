import Foundation
import Inventory
import NetworkTypes
import Synchronization
import TapVocabulary

/// The VMs, NICs and networks of one libvirt node (KVM/QEMU, or the test driver),
/// read through libvirt's C API.
///
/// - Host: the node's host name (`virConnectGetHostname`) unless `hostName` is given.
/// - VMs: every defined or running domain; NICs from the domain XML (see
///   ``LibvirtDomainDescription``), IPs from `virDomainInterfaceAddresses` (leases).
/// - Networks: every libvirt network (kind `network`, bridge, VLAN).
/// - Changes: lifecycle events trigger a new snapshot at once where the connection
///   delivers them; polling catches the rest (NIC edits, drivers without events).
/// - Reconnects on the next snapshot when the connection died; an unreachable URI
///   throws ``InventorySourceError`` with libvirt's message. Event signals belong to
///   the connection they were subscribed on: after a reconnect, polling alone
///   notices changes.
public final class LibvirtSource: InventorySource {
    /// The libvirt URI connected to, such as `qemu:///system` or `test:///default`.
    public let uri: String
    /// The host name every VM of this node is placed on; `nil` asks the node (`virConnectGetHostname`).
    public let hostName: String?
    private let readOnly: Bool
    private let current: Mutex<LibvirtConnection?>

    /// A source that connects on first use (and again after the connection dies).
    public init(uri: String, hostName: String? = nil, readOnly: Bool = false) {
        self.uri = uri
        self.hostName = hostName
        self.readOnly = readOnly
        self.current = Mutex(nil)
    }

    /// A source over an open connection (the test driver keeps its state per
    /// connection, so tests share one).
    public init(connection: LibvirtConnection, hostName: String? = nil) {
        self.uri = connection.uri
        self.hostName = hostName
        self.readOnly = false
        self.current = Mutex(connection)
    }

    /// `libvirt:` followed by the URI, the name the tracker and `tapctl inventory` report the source by.
    public var name: String { "libvirt:" + uri }

    /// The open connection, opening it if needed.
    public func connection() throws(InventorySourceError) -> LibvirtConnection {
        let result: Result<LibvirtConnection, InventorySourceError> = current.withLock { connection in
            if let connection, connection.isAlive { return .success(connection) }
            let opened = Result { () throws(InventorySourceError) in try LibvirtConnection(uri: uri, readOnly: readOnly)
            }
            connection = try? opened.get()
            return opened
        }
        return try result.get()
    }

    /// Reads the node on a Dispatch queue: libvirt calls block (remote URIs wait on
    /// the network), and the cooperative thread pool must not.
    public func snapshot() async throws -> InventorySnapshot {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.readSnapshot() })
            }
        }
    }

    private func readSnapshot() throws -> InventorySnapshot {
        let connection = try connection()
        let host = try hostName ?? connection.hostname()
        let networks = try connection.networkXMLs().map { xml in
            let description = try LibvirtNetworkDescription(xml: xml)
            return VirtualNetwork(
                name: description.name,
                kind: .libvirtNetwork,
                bridge: description.bridge,
                vlan: description.vlan,
                host: host
            )
        }
        let vms = try connection.domains().map { record in
            let description = try LibvirtDomainDescription(xml: record.xml)
            let nics = description.nics.map { nic in
                var nic = nic
                nic.ips = (record.addresses[nic.mac.description] ?? []).compactMap(IPAddress.init)
                return nic
            }
            return VirtualMachine(
                name: description.name,
                uuid: description.uuid,
                state: record.state,
                host: host,
                tags: description.tags,
                nics: nics
            )
        }
        return InventorySnapshot(hosts: [HypervisorHost(name: host)], virtualMachines: vms, networks: networks)
    }

    /// Lifecycle events of the current connection, or `nil` when it cannot deliver them.
    public func changeSignals() -> AsyncStream<Void>? {
        guard let connection = try? connection() else { return nil }
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        guard let subscription = LibvirtLifecycleSubscription(connection: connection, continuation: continuation) else {
            return nil
        }
        continuation.onTermination = { _ in withExtendedLifetime(subscription) {} }
        return stream
    }
}
