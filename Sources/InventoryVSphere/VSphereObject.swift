import Inventory
import NetworkTypes
import SWXMLHash
import TapVocabulary

/// One `ObjectContent` of a PropertyCollector answer, reduced to what the inventory
/// needs. Values are copied out of the XML tree, so the type is `Sendable`.
struct VSphereObject: Sendable {
    var reference: ManagedObjectReference
    var name: String?
    var uuid: String?
    var hostID: String?
    var parent: ManagedObjectReference?
    var powerState: String?
    var nics: [Card] = []
    var guestIPs: [String: [String]] = [:]
    var vlan: UInt16?

    struct Card: Sendable {
        var mac: MACAddress
        var networkID: String?
        var portGroupKey: String?
        var deviceName: String?
    }

    init?(_ object: XMLIndexer) {
        guard let obj = object["obj"].element, let type = obj.attribute(by: "type")?.text else { return nil }
        reference = ManagedObjectReference(type: type, value: obj.text)
        for property in object["propSet"].all {
            guard let name = property["name"].element?.text else { continue }
            let value = property["val"]
            switch name {
            case "name": self.name = value.element?.text
            case "config.uuid": uuid = value.element?.text
            case "runtime.host": hostID = value.element?.text
            case "runtime.powerState": powerState = value.element?.text
            case "parent":
                if let element = value.element, let type = element.attribute(by: "type")?.text {
                    parent = ManagedObjectReference(type: type, value: element.text)
                }
            case "config.hardware.device": nics = value.children.compactMap(Self.card)
            case "guest.net":
                for nic in value.children {
                    guard let mac = nic["macAddress"].element.flatMap({ MACAddress($0.text) }) else { continue }
                    guestIPs[mac.description, default: []] += nic["ipAddress"].all.compactMap { $0.element?.text }
                }
            case "config.defaultPortConfig":
                vlan = value["vlan"]["vlanId"].element.flatMap { UInt16($0.text) }.flatMap { $0 == 0 ? nil : $0 }
            default: break
            }
        }
    }

    private static func card(_ device: XMLIndexer) -> Card? {
        guard let mac = device["macAddress"].element.flatMap({ MACAddress($0.text) }) else { return nil }
        let backing = device["backing"]
        return Card(
            mac: mac,
            networkID: backing["network"].element?.text,
            portGroupKey: backing["port"]["portgroupKey"].element?.text,
            deviceName: backing["deviceName"].element?.text
        )
    }

    /// Resolves references between objects (VM → host, NIC → port group, host →
    /// cluster) and builds the snapshot.
    static func snapshot(_ objects: [VSphereObject], tags: [String: [String]]) -> InventorySnapshot {
        var names: [String: String] = [:]
        for object in objects { if let name = object.name { names[object.reference.value] = name } }
        var snapshot = InventorySnapshot()
        for object in objects {
            switch object.reference.type {
            case "HostSystem":
                let cluster = object.parent.flatMap { $0.type == "ClusterComputeResource" ? names[$0.value] : nil }
                snapshot.hosts.append(HypervisorHost(name: object.name ?? object.reference.value, cluster: cluster))
            case "Network", "OpaqueNetwork":
                snapshot.networks.append(VirtualNetwork(name: object.name ?? object.reference.value, kind: .portGroup))
            case "DistributedVirtualPortgroup":
                snapshot.networks.append(
                    VirtualNetwork(
                        name: object.name ?? object.reference.value,
                        kind: .distributedPortGroup,
                        vlan: object.vlan
                    )
                )
            case "VirtualMachine":
                let nics = object.nics.map { card in
                    VirtualNIC(
                        mac: card.mac,
                        ips: (object.guestIPs[card.mac.description] ?? []).compactMap(IPAddress.init),
                        network: card.portGroupKey.flatMap { names[$0] } ?? card.networkID.flatMap { names[$0] }
                            ?? card.deviceName
                    )
                }
                snapshot.virtualMachines.append(
                    VirtualMachine(
                        name: object.name ?? object.reference.value,
                        uuid: object.uuid,
                        state: powerState(object.powerState),
                        host: object.hostID.map { names[$0] ?? $0 },
                        tags: tags[object.reference.value] ?? [],
                        nics: nics
                    )
                )
            default:
                break
            }
        }
        return snapshot.sorted()
    }

    static func powerState(_ text: String?) -> VMPowerState {
        switch text {
        case "poweredOn": .running
        case "poweredOff": .shutOff
        case "suspended": .suspended
        default: .unknown
        }
    }
}
