/// A template (or options template) as received from an exporter, compiled
/// into one decoding step per field.
public struct FlowTemplate: Hashable, Sendable {
    /// What the collector does with a field.
    public enum FieldKind: UInt8, Hashable, Sendable {
        /// Not used: an enterprise or unknown element, or a known non-time one of a length its type does not allow;
        /// skipped by its length.
        case skip
        /// sourceIPv4Address (8), 4 bytes.
        case sourceIPv4
        /// destinationIPv4Address (12), 4 bytes.
        case destinationIPv4
        /// sourceIPv6Address (27), 16 bytes.
        case sourceIPv6
        /// destinationIPv6Address (28), 16 bytes.
        case destinationIPv6
        /// sourceTransportPort (7).
        case sourcePort
        /// destinationTransportPort (11).
        case destinationPort
        /// protocolIdentifier (4).
        case ipProtocol
        /// ipClassOfService (5; v9 SRC_TOS).
        case typeOfService
        /// tcpControlBits (6).
        case tcpFlags
        /// packetDeltaCount (2) or packetTotalCount (86).
        case packets
        /// octetDeltaCount (1) or octetTotalCount (85).
        case bytes
        /// flowStartSysUpTime (22; v9 FIRST_SWITCHED): milliseconds since the exporter's boot.
        case startUptime
        /// flowEndSysUpTime (21; v9 LAST_SWITCHED): milliseconds since the exporter's boot.
        case endUptime
        /// flowStartSeconds (150): seconds since 1970, at least 4 bytes.
        case startSeconds
        /// flowEndSeconds (151): seconds since 1970, at least 4 bytes.
        case endSeconds
        /// flowStartMilliseconds (152): milliseconds since 1970, at least 6 bytes.
        case startMilliseconds
        /// flowEndMilliseconds (153): milliseconds since 1970, at least 6 bytes.
        case endMilliseconds
        /// flowStartMicroseconds (154): an 8-byte NTP timestamp.
        case startMicroseconds
        /// flowEndMicroseconds (155): an 8-byte NTP timestamp.
        case endMicroseconds
        /// flowStartNanoseconds (156): an 8-byte NTP timestamp.
        case startNanoseconds
        /// flowEndNanoseconds (157): an 8-byte NTP timestamp.
        case endNanoseconds
        /// flowStartDeltaMicroseconds (158): microseconds before the message's export time.
        case startDeltaMicroseconds
        /// flowEndDeltaMicroseconds (159): microseconds before the message's export time.
        case endDeltaMicroseconds
        /// systemInitTimeMilliseconds (160): the exporter's boot time, milliseconds since 1970.
        case systemInitMilliseconds
        /// ingressInterface (10; v9 INPUT_SNMP).
        case ingressInterface
        /// egressInterface (14; v9 OUTPUT_SNMP).
        case egressInterface
        /// vlanId (58) or dot1qVlanId (243).
        case vlanID
        /// icmpTypeCodeIPv4 (32) or icmpTypeCodeIPv6 (139): type << 8 | code.
        case icmpTypeCode
        /// flowEndReason (136).
        case endReason
        /// samplingInterval (34) or samplerRandomInterval (50): one packet in N.
        case samplingInterval
        /// samplingPacketInterval (305): packets taken per sampling period.
        case samplingPacketInterval
        /// samplingPacketSpace (306): packets skipped per sampling period.
        case samplingPacketSpace
        /// virtualStationUUID (349), 16 bytes.
        case vmUUID
        /// virtualStationName (350), any length.
        case vmName
        /// A time field whose length its type does not allow (a dateTime of
        /// the wrong size): never misread as a date, counted instead.
        case unusableTime
    }

    /// One field specifier.
    public struct Field: Hashable, Sendable {
        /// The information element ID (without the enterprise bit).
        public var id: UInt16
        /// IPFIX private enterprise number (0 for IANA fields).
        public var enterprise: UInt32
        /// Bytes, or 0xFFFF for variable length (IPFIX).
        public var length: UInt16
        /// How the collector decodes the field.
        public var kind: FieldKind
        /// An RFC 5103 reverse information element (enterprise 29305): the
        /// value belongs to the reverse direction of a bidirectional flow.
        public var isReverse: Bool
    }

    /// The template ID (256 or above).
    public var id: UInt16
    /// The fields in record order.
    public var fields: [Field]
    /// Number of leading scope fields (options templates; 0 otherwise).
    public var scopeCount: Int
    /// True for an options template.
    public var isOptions: Bool
    /// Bytes of a record when `hasVariableLength` is false; else the minimum.
    public var recordLength: Int
    /// True when a field has variable length (IPFIX): records are then walked field by field.
    public var hasVariableLength: Bool
    /// Fields skipped because they belong to an enterprise or are unknown.
    public var skippedEnterpriseFields: Int
    /// True when a reverse field (RFC 5103) is decoded: each record then
    /// carries two flows, the second with source and destination swapped.
    public var isBidirectional: Bool
    /// Time fields of a length their type does not allow (see `FieldKind.unusableTime`).
    public var unusableTimeFields: [Field] { fields.filter { $0.kind == .unusableTime } }

    /// Compiles field specifiers as received: each gets its decoding step (checked against its length), and the record
    /// length, variable-length, enterprise and reverse-field facts are computed once.
    public init(
        id: UInt16,
        fields specifiers: [(id: UInt16, enterprise: UInt32, length: UInt16)],
        scopeCount: Int = 0,
        isOptions: Bool = false
    ) {
        self.id = id
        self.scopeCount = scopeCount
        self.isOptions = isOptions
        var length = 0
        var variable = false
        var enterprise = 0
        var reverse = false
        fields = specifiers.map { spec in
            if spec.length == InformationElement.variableLength {
                variable = true
                length += 1
            } else {
                length += Int(spec.length)
            }
            let isReverse = spec.enterprise == Self.reverseEnterprise
            let kind = Self.kind(id: spec.id, enterprise: isReverse ? 0 : spec.enterprise, length: spec.length)
            let decodedReverse = isReverse && Self.reversible(kind)
            if spec.enterprise != 0 && !decodedReverse { enterprise += 1 }
            if decodedReverse { reverse = true }
            return Field(
                id: spec.id,
                enterprise: spec.enterprise,
                length: spec.length,
                kind: isReverse && !decodedReverse ? .skip : kind,
                isReverse: decodedReverse
            )
        }
        recordLength = length
        hasVariableLength = variable
        skippedEnterpriseFields = enterprise
        isBidirectional = reverse
    }

    /// RFC 5103 §6.1: the private enterprise number of reverse information elements.
    public static let reverseEnterprise: UInt32 = 29305

    /// Fields that have a meaning for the reverse direction (counters, flags,
    /// class of service, times, ICMP type); reverse keys (addresses, ports)
    /// do not exist.
    static func reversible(_ kind: FieldKind) -> Bool {
        switch kind {
        case .packets, .bytes, .tcpFlags, .typeOfService, .startUptime, .endUptime, .startSeconds, .endSeconds,
            .startMilliseconds, .endMilliseconds, .startMicroseconds, .endMicroseconds, .startNanoseconds,
            .endNanoseconds, .startDeltaMicroseconds, .endDeltaMicroseconds, .unusableTime, .icmpTypeCode:
            return true
        default:
            return false
        }
    }

    /// The decoding step for a field, checking that its length fits the type
    /// (anything else is skipped, never misread). Times: sysUpTime and delta
    /// fields are unsigned integers (any length 1–8, RFC 7011 §6.2);
    /// dateTimeSeconds needs at least 4 bytes and dateTimeMilliseconds at
    /// least 6 (fewer cannot hold a current date); dateTimeMicro/Nanoseconds
    /// exactly 8. A time field of another length is `.unusableTime`.
    static func kind(id: UInt16, enterprise: UInt32, length: UInt16) -> FieldKind {
        guard enterprise == 0 else { return .skip }
        typealias IE = InformationElement
        let integer = length >= 1 && length <= 8
        let seconds = length >= 4 && length <= 8
        let milliseconds = length >= 6 && length <= 8
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
        case IE.flowStartSysUpTime: return integer ? .startUptime : .unusableTime
        case IE.flowEndSysUpTime: return integer ? .endUptime : .unusableTime
        case IE.flowStartSeconds: return seconds ? .startSeconds : .unusableTime
        case IE.flowEndSeconds: return seconds ? .endSeconds : .unusableTime
        case IE.flowStartMilliseconds: return milliseconds ? .startMilliseconds : .unusableTime
        case IE.flowEndMilliseconds: return milliseconds ? .endMilliseconds : .unusableTime
        case IE.flowStartMicroseconds: return length == 8 ? .startMicroseconds : .unusableTime
        case IE.flowEndMicroseconds: return length == 8 ? .endMicroseconds : .unusableTime
        case IE.flowStartNanoseconds: return length == 8 ? .startNanoseconds : .unusableTime
        case IE.flowEndNanoseconds: return length == 8 ? .endNanoseconds : .unusableTime
        case IE.flowStartDeltaMicroseconds: return integer ? .startDeltaMicroseconds : .unusableTime
        case IE.flowEndDeltaMicroseconds: return integer ? .endDeltaMicroseconds : .unusableTime
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
