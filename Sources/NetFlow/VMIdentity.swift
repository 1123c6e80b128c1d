import NetworkTypes

/// The virtual machine a flow belongs to: what travels in IPFIX as
/// `virtualStationName` (IANA IE 350) and `virtualStationUUID` (IE 349), and
/// what the collector prints per-VM rows for.
public struct VMIdentity: Hashable, Sendable, Codable {
    public var name: String
    /// The 16 bytes of the VM's UUID (0 when unknown).
    public var uuid: UInt128

    public init(name: String, uuid: UInt128 = 0) {
        self.name = name
        self.uuid = uuid
    }

    /// Parses `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hyphens optional).
    public static func parseUUID(_ text: String) -> UInt128? {
        let hex = text.filter { $0 != "-" }
        guard hex.count == 32 else { return nil }
        return UInt128(hex, radix: 16)
    }

    /// The canonical lower-case hyphenated form.
    public var uuidString: String {
        let hex = String(uuid, radix: 16)
        let padded = String(repeating: "0", count: 32 - hex.count) + hex
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(padded[padded.index(padded.startIndex, offsetBy: range.lowerBound)..<padded.index(padded.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
    }
}

/// Maps what a flow carries (ingress interface index, MAC, IP address) to a
/// VM. The Inventory library implements it from libvirt / vSphere / files;
/// `VMIdentityTable` is a small stand-alone implementation.
public protocol VMIdentityResolver: Sendable {
    func vm(forInterfaceIndex index: UInt32) -> VMIdentity?
    func vm(forAddress address: IPAddress) -> VMIdentity?
    func vm(forMAC mac: MACAddress) -> VMIdentity?
}

extension VMIdentityResolver {
    /// The VM a flow belongs to: by interface first, then source address,
    /// then destination address.
    public func vm(forFlow source: IPAddress, destination: IPAddress, interfaceIndex: UInt32) -> VMIdentity? {
        if interfaceIndex != 0, let vm = vm(forInterfaceIndex: interfaceIndex) { return vm }
        return vm(forAddress: source) ?? vm(forAddress: destination)
    }
}
