/// The templates the exporter announces (RFC 3954 §5.2, RFC 7011 §3.4.1).
/// IDs 256–259 describe flow records, 260 the sampling options record.
public struct ExportTemplate: Sendable, Hashable {
    /// The template ID, 256 or above.
    public var id: UInt16
    /// (element ID, length) pairs; length 0xFFFF = variable (IPFIX only).
    public var fields: [(id: UInt16, length: UInt16)]
    /// Number of leading scope fields (options templates only).
    public var scopeCount: Int

    /// A template `id` with `fields` in record order, the first `scopeCount` of them scope fields.
    public init(id: UInt16, fields: [(id: UInt16, length: UInt16)], scopeCount: Int = 0) {
        self.id = id
        self.fields = fields
        self.scopeCount = scopeCount
    }

    /// Equal when ID, scope count and every field's element ID and length are equal.
    public static func == (a: ExportTemplate, b: ExportTemplate) -> Bool {
        a.id == b.id && a.scopeCount == b.scopeCount && a.fields.elementsEqual(b.fields) { $0 == $1 }
    }
    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        for f in fields {
            hasher.combine(f.id)
            hasher.combine(f.length)
        }
    }

    /// Bytes of one record when every field has a fixed length.
    public var fixedRecordLength: Int { fields.reduce(0) { $0 + ($1.length == 0xFFFF ? 0 : Int($1.length)) } }

    /// The IPv4 flow template.
    public static let ipv4TemplateID: UInt16 = 256
    /// The IPv6 flow template.
    public static let ipv6TemplateID: UInt16 = 257
    /// The IPv4 flow template with the VM's UUID and name (IPFIX).
    public static let ipv4VMTemplateID: UInt16 = 258
    /// The IPv6 flow template with the VM's UUID and name (IPFIX).
    public static let ipv6VMTemplateID: UInt16 = 259
    /// The options template of the sampling record.
    public static let samplingOptionsTemplateID: UInt16 = 260

    typealias IE = InformationElement

    /// NetFlow v9 flow template (45 bytes for IPv4, 69 for IPv6 per record).
    static func v9Flow(ipv6: Bool) -> ExportTemplate {
        ExportTemplate(
            id: ipv6 ? ipv6TemplateID : ipv4TemplateID,
            fields: [
                (ipv6 ? IE.sourceIPv6Address : IE.sourceIPv4Address, ipv6 ? 16 : 4),
                (ipv6 ? IE.destinationIPv6Address : IE.destinationIPv4Address, ipv6 ? 16 : 4),
                (IE.sourceTransportPort, 2), (IE.destinationTransportPort, 2),
                (IE.protocolIdentifier, 1), (IE.ipClassOfService, 1), (IE.tcpControlBits, 1),
                (IE.packetDeltaCount, 8), (IE.octetDeltaCount, 8),
                (IE.flowStartSysUpTime, 4), (IE.flowEndSysUpTime, 4),
                (IE.ingressInterface, 4), (IE.vlanId, 2),
            ]
        )
    }

    /// IPFIX flow template, optionally with the VM's UUID and name.
    static func ipfixFlow(ipv6: Bool, vm: Bool) -> ExportTemplate {
        var fields: [(id: UInt16, length: UInt16)] = [
            (ipv6 ? IE.sourceIPv6Address : IE.sourceIPv4Address, ipv6 ? 16 : 4),
            (ipv6 ? IE.destinationIPv6Address : IE.destinationIPv4Address, ipv6 ? 16 : 4),
            (IE.sourceTransportPort, 2), (IE.destinationTransportPort, 2),
            (IE.protocolIdentifier, 1), (IE.ipClassOfService, 1), (IE.tcpControlBits, 2),
            (IE.packetDeltaCount, 8), (IE.octetDeltaCount, 8),
            (IE.flowStartMilliseconds, 8), (IE.flowEndMilliseconds, 8),
            (IE.ingressInterface, 4), (IE.vlanId, 2), (IE.flowEndReason, 1),
        ]
        if vm { fields += [(IE.virtualStationUUID, 16), (IE.virtualStationName, IE.variableLength)] }
        let id = vm ? (ipv6 ? ipv6VMTemplateID : ipv4VMTemplateID) : (ipv6 ? ipv6TemplateID : ipv4TemplateID)
        return ExportTemplate(id: id, fields: fields)
    }

    /// v9 options template: scope System (the source ID), sampling interval and algorithm.
    static let v9SamplingOptions = ExportTemplate(
        id: samplingOptionsTemplateID,
        fields: [(IE.v9ScopeSystem, 4), (IE.samplingInterval, 4), (IE.samplingAlgorithm, 1)],
        scopeCount: 1
    )

    /// IPFIX options template: scope observationDomainId; sampling as both the
    /// RFC 5477 pair (samplingPacketInterval/Space) and the older 34/35.
    static let ipfixSamplingOptions = ExportTemplate(
        id: samplingOptionsTemplateID,
        fields: [
            (IE.observationDomainId, 4), (IE.samplingInterval, 4), (IE.samplingAlgorithm, 1),
            (IE.samplingPacketInterval, 4), (IE.samplingPacketSpace, 4),
        ],
        scopeCount: 1
    )
}
