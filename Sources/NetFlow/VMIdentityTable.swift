import NetworkTypes

/// A `VMIdentityResolver` from explicit lists (a mapping file, a test).
public struct VMIdentityTable: VMIdentityResolver, Hashable, Codable {
    /// One VM and what identifies its traffic.
    public struct Entry: Hashable, Sendable, Codable {
        public var name: String
        public var uuid: String?
        public var addresses: [IPAddress]?
        public var macs: [MACAddress]?
        public var interfaceIndexes: [UInt32]?

        public init(name: String, uuid: String? = nil, addresses: [IPAddress]? = nil, macs: [MACAddress]? = nil,
                    interfaceIndexes: [UInt32]? = nil) {
            self.name = name
            self.uuid = uuid
            self.addresses = addresses
            self.macs = macs
            self.interfaceIndexes = interfaceIndexes
        }

        var identity: VMIdentity { VMIdentity(name: name, uuid: uuid.flatMap(VMIdentity.parseUUID) ?? 0) }
    }

    public var vms: [Entry]
    private var byAddress: [IPAddress: VMIdentity] = [:]
    private var byMAC: [MACAddress: VMIdentity] = [:]
    private var byInterface: [UInt32: VMIdentity] = [:]

    enum CodingKeys: String, CodingKey { case vms }

    public init(vms: [Entry]) {
        self.vms = vms
        index()
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(vms: try container.decode([Entry].self, forKey: .vms))
    }

    private mutating func index() {
        for entry in vms {
            let id = entry.identity
            for a in entry.addresses ?? [] { byAddress[a] = id }
            for m in entry.macs ?? [] { byMAC[m] = id }
            for i in entry.interfaceIndexes ?? [] { byInterface[i] = id }
        }
    }

    public func vm(forInterfaceIndex index: UInt32) -> VMIdentity? { byInterface[index] }
    public func vm(forAddress address: IPAddress) -> VMIdentity? { byAddress[address] }
    public func vm(forMAC mac: MACAddress) -> VMIdentity? { byMAC[mac] }
}
