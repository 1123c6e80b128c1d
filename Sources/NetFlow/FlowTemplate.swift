/// A template (or options template) as received from an exporter, compiled
/// into one decoding step per field.
public struct FlowTemplate: Hashable, Sendable {
    /// What the collector does with a field.
    public enum FieldKind: UInt8, Hashable, Sendable {
        case skip
        case sourceIPv4, destinationIPv4, sourceIPv6, destinationIPv6
        case sourcePort, destinationPort, ipProtocol, typeOfService, tcpFlags
        case packets, bytes
        case startUptime, endUptime, startSeconds, endSeconds, startMilliseconds, endMilliseconds
        case startMicroseconds, endMicroseconds, startNanoseconds, endNanoseconds
        case startDeltaMicroseconds, endDeltaMicroseconds, systemInitMilliseconds
        case ingressInterface, egressInterface, vlanID, icmpTypeCode, endReason
        case samplingInterval, samplingPacketInterval, samplingPacketSpace
        case vmUUID, vmName
    }

    /// One field specifier.
    public struct Field: Hashable, Sendable {
        public var id: UInt16
        /// IPFIX private enterprise number (0 for IANA fields).
        public var enterprise: UInt32
        /// Bytes, or 0xFFFF for variable length (IPFIX).
        public var length: UInt16
        public var kind: FieldKind
    }

    public var id: UInt16
    public var fields: [Field]
    public var scopeCount: Int
    public var isOptions: Bool
    /// Bytes of a record when `hasVariableLength` is false; else the minimum.
    public var recordLength: Int
    public var hasVariableLength: Bool
    /// Fields skipped because they belong to an enterprise or are unknown.
    public var skippedEnterpriseFields: Int

    public init(id: UInt16, fields specifiers: [(id: UInt16, enterprise: UInt32, length: UInt16)], scopeCount: Int = 0,
                isOptions: Bool = false) {
        self.id = id
        self.scopeCount = scopeCount
        self.isOptions = isOptions
        var length = 0
        var variable = false
        var enterprise = 0
        fields = specifiers.map { spec in
            if spec.length == InformationElement.variableLength {
                variable = true
                length += 1
            } else {
                length += Int(spec.length)
            }
            if spec.enterprise != 0 { enterprise += 1 }
            return Field(id: spec.id, enterprise: spec.enterprise, length: spec.length,
                         kind: Self.kind(id: spec.id, enterprise: spec.enterprise, length: spec.length))
        }
        recordLength = length
        hasVariableLength = variable
        skippedEnterpriseFields = enterprise
    }

    /// The decoding step for a field, checking that its length fits the type
    /// (anything else is skipped, never misread).
    static func kind(id: UInt16, enterprise: UInt32, length: UInt16) -> FieldKind {
        guard enterprise == 0 else { return .skip }
        typealias IE = InformationElement
        let integer = length >= 1 && length <= 8
        switch id {
        case IE.sourceIPv4Address: return length == 4 ? .sourceIPv4 : .skip
        case IE.destinationIPv4Address: return length == 4 ? .destinationIPv4 : .skip
        case IE.sourceIPv6Address: return length == 16 ? .sourceIPv6 : .skip
        case IE.destinationIPv6Address: return length == 16 ? .destinationIPv6 : .skip
        case IE.sourceTransportPort: return integer ? .sourcePort : .skip
        case IE.destinationTransportPort: return integer ? .destinationPort : .skip
        case IE.protocolIdentifier: return integer ? .ipProtocol : .skip
        case IE.ipClassOfService: return integer ? .typeOfService : .skip
        case IE.tcpControlBits: return integer ? .tcpFlags : .skip
        case IE.packetDeltaCount, IE.packetTotalCount: return integer ? .packets : .skip
        case IE.octetDeltaCount, IE.octetTotalCount: return integer ? .bytes : .skip
        case IE.flowStartSysUpTime: return integer ? .startUptime : .skip
        case IE.flowEndSysUpTime: return integer ? .endUptime : .skip
        case IE.flowStartSeconds: return integer ? .startSeconds : .skip
        case IE.flowEndSeconds: return integer ? .endSeconds : .skip
        case IE.flowStartMilliseconds: return integer ? .startMilliseconds : .skip
        case IE.flowEndMilliseconds: return integer ? .endMilliseconds : .skip
        case IE.flowStartMicroseconds: return length == 8 ? .startMicroseconds : .skip
        case IE.flowEndMicroseconds: return length == 8 ? .endMicroseconds : .skip
        case IE.flowStartNanoseconds: return length == 8 ? .startNanoseconds : .skip
        case IE.flowEndNanoseconds: return length == 8 ? .endNanoseconds : .skip
        case IE.flowStartDeltaMicroseconds: return integer ? .startDeltaMicroseconds : .skip
        case IE.flowEndDeltaMicroseconds: return integer ? .endDeltaMicroseconds : .skip
        case IE.systemInitTimeMilliseconds: return integer ? .systemInitMilliseconds : .skip
        case IE.ingressInterface: return integer ? .ingressInterface : .skip
        case IE.egressInterface: return integer ? .egressInterface : .skip
        case IE.vlanId, IE.dot1qVlanId: return integer ? .vlanID : .skip
        case IE.icmpTypeCodeIPv4, IE.icmpTypeCodeIPv6: return integer ? .icmpTypeCode : .skip
        case IE.flowEndReason: return integer ? .endReason : .skip
        case IE.samplingInterval, IE.samplerRandomInterval: return integer ? .samplingInterval : .skip
        case IE.samplingPacketInterval: return integer ? .samplingPacketInterval : .skip
        case IE.samplingPacketSpace: return integer ? .samplingPacketSpace : .skip
        case IE.virtualStationUUID: return length == 16 ? .vmUUID : .skip
        case IE.virtualStationName: return .vmName
        default: return .skip
        }
    }
}
