/// A virtual machine: identity, placement, tags and NICs.
///
/// The one VM type of the suite: Inventory sources produce it, a policy's `vm`
/// and `tag` keys match on it, NetFlow attributes flows to it, and the agent and
/// the command line print it.
public struct VirtualMachine: Sendable, Hashable, Codable {
    /// The VM's name (unique per source in practice, not guaranteed across sources).
    public var name: String
    /// The hypervisor's UUID for the VM, lower case; `nil` when the source has none.
    public var uuid: String?
    /// The power state.
    public var state: VMPowerState
    /// The name of the host the VM runs (or is registered) on.
    public var host: String?
    /// Free-form tags (labels, vSphere tags, `tags:` in a file), used by policies.
    public var tags: [String]
    /// The VM's NICs in hypervisor order.
    public var nics: [VirtualNIC]

    /// A VM with the given identity; every field is stored as given (`uuid` is expected in lower case).
    public init(
        name: String,
        uuid: String? = nil,
        state: VMPowerState = .unknown,
        host: String? = nil,
        tags: [String] = [],
        nics: [VirtualNIC] = []
    ) {
        self.name = name
        self.uuid = uuid?.lowercased()
        self.state = state
        self.host = host
        self.tags = tags
        self.nics = nics
    }

    /// The identity used to follow a VM across snapshots, sources and hosts:
    /// its UUID when known, otherwise its name.
    public var key: String { uuid.map { "uuid:" + $0 } ?? "name:" + name }

    /// The 128 bits of `uuid` (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hyphens
    /// optional), or nil when there is none or it is not 32 hex digits. Reads
    /// the text in place: nothing allocates.
    public var uuidBits: UInt128? {
        guard let uuid else { return nil }
        var bits: UInt128 = 0
        var digits = 0
        for byte in uuid.utf8 where byte != UInt8(ascii: "-") {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            digits += 1
            guard digits <= 32 else { return nil }
            bits = bits << 4 | UInt128(value)
        }
        return digits == 32 ? bits : nil
    }

    /// The canonical lower-case hyphenated form of 128 UUID bits.
    public static func uuidString(bits: UInt128) -> String {
        let hex = String(bits, radix: 16)
        let padded = Array(String(repeating: "0", count: 32 - hex.count) + hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(padded[$0]) }.joined(separator: "-")
    }
}
