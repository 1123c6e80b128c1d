import Foundation
import Inventory
import NetworkTypes
import PacketCore
import TapVocabulary

@testable import Policy

/// Paths of the test resources.
enum PolicyFixtures {
    static func url(_ name: String) -> URL { Bundle.module.url(forResource: name, withExtension: nil)! }
    static var example: String { url("Policies/example.yaml").path }
    /// The inventory file the `vm`/`tag` tests resolve against.
    static var inventory: String { url("Policies/vms.yaml").path }
    /// Its VMs, read by the Inventory library's file parser.
    static func virtualMachines() throws -> [VirtualMachine] {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: inventory)))
        return try InventoryFileParser(path: inventory).parse(bytes).virtualMachines
    }
    static var brokenFiles: [URL] {
        let folder = url("BrokenPolicies")
        return (try! FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil))
            .filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}

/// A small deterministic generator (SplitMix64), so failures can be replayed from the seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Builds packets field by field, as the decoder would have filled them.
func makePacket(
    src: String,
    dst: String,
    proto: UInt8 = IPProtocolNumber.tcp,
    sport: UInt16 = 40000,
    dport: UInt16 = 80,
    vlan: UInt16? = nil,
    srcMAC: UInt64 = 0x0200_0a01_0001,
    dstMAC: UInt64 = 0x0200_0a01_0002
) -> DecodedPacket {
    var p = DecodedPacket()
    p.layers = [.ethernet]
    p.sourceMAC = MACAddress(rawValue: srcMAC)
    p.destinationMAC = MACAddress(rawValue: dstMAC)
    if let vlan {
        p.layers.insert(.vlan)
        p.vlanCount = 1
        p.vlanID = vlan
    }
    let s = IPAddress(src)!
    let d = IPAddress(dst)!
    p.sourceAddress = s
    p.destinationAddress = d
    if case .v4 = s {
        p.ipVersion = 4
        p.layers.insert(.ipv4)
    } else {
        p.ipVersion = 6
        p.layers.insert(.ipv6)
    }
    p.ipProtocol = proto
    switch proto {
    case IPProtocolNumber.tcp:
        p.layers.insert(.tcp)
        p.transportOffset = 34
    case IPProtocolNumber.udp:
        p.layers.insert(.udp)
        p.transportOffset = 34
    default: break
    }
    p.sourcePort = sport
    p.destinationPort = dport
    return p
}
