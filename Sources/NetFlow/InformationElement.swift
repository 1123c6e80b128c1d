/// IANA IPFIX information element IDs (which NetFlow v9, RFC 3954 §8, shares
/// for IDs below 128) used by the exporter and understood by the collector.
public enum InformationElement {
    public static let octetDeltaCount: UInt16 = 1  // v9 IN_BYTES
    public static let packetDeltaCount: UInt16 = 2  // v9 IN_PKTS
    public static let protocolIdentifier: UInt16 = 4
    public static let ipClassOfService: UInt16 = 5  // v9 SRC_TOS
    public static let tcpControlBits: UInt16 = 6
    public static let sourceTransportPort: UInt16 = 7
    public static let sourceIPv4Address: UInt16 = 8
    public static let ingressInterface: UInt16 = 10  // v9 INPUT_SNMP
    public static let destinationTransportPort: UInt16 = 11
    public static let destinationIPv4Address: UInt16 = 12
    public static let egressInterface: UInt16 = 14  // v9 OUTPUT_SNMP
    public static let flowEndSysUpTime: UInt16 = 21  // v9 LAST_SWITCHED
    public static let flowStartSysUpTime: UInt16 = 22  // v9 FIRST_SWITCHED
    public static let postOctetDeltaCount: UInt16 = 23  // v9 OUT_BYTES
    public static let postPacketDeltaCount: UInt16 = 24  // v9 OUT_PKTS
    public static let sourceIPv6Address: UInt16 = 27
    public static let destinationIPv6Address: UInt16 = 28
    public static let icmpTypeCodeIPv4: UInt16 = 32
    public static let samplingInterval: UInt16 = 34
    public static let samplingAlgorithm: UInt16 = 35
    public static let samplerRandomInterval: UInt16 = 50
    public static let vlanId: UInt16 = 58  // v9 SRC_VLAN
    public static let octetTotalCount: UInt16 = 85
    public static let packetTotalCount: UInt16 = 86
    public static let flowEndReason: UInt16 = 136
    public static let icmpTypeCodeIPv6: UInt16 = 139
    public static let observationDomainId: UInt16 = 149
    public static let flowStartSeconds: UInt16 = 150
    public static let flowEndSeconds: UInt16 = 151
    public static let flowStartMilliseconds: UInt16 = 152
    public static let flowEndMilliseconds: UInt16 = 153
    public static let flowStartMicroseconds: UInt16 = 154
    public static let flowEndMicroseconds: UInt16 = 155
    public static let flowStartNanoseconds: UInt16 = 156
    public static let flowEndNanoseconds: UInt16 = 157
    public static let flowStartDeltaMicroseconds: UInt16 = 158
    public static let flowEndDeltaMicroseconds: UInt16 = 159
    public static let systemInitTimeMilliseconds: UInt16 = 160
    public static let dot1qVlanId: UInt16 = 243
    public static let samplingPacketInterval: UInt16 = 305
    public static let samplingPacketSpace: UInt16 = 306
    /// IANA IE 349, octetArray: the VM's UUID (16 bytes).
    public static let virtualStationUUID: UInt16 = 349
    /// IANA IE 350, string (variable length): the VM's name.
    public static let virtualStationName: UInt16 = 350
    /// NetFlow v9 options scope type "System" (RFC 3954 §6.1).
    public static let v9ScopeSystem: UInt16 = 1
    /// Variable length marker in an IPFIX field specifier (RFC 7011 §7).
    public static let variableLength: UInt16 = 0xFFFF
}
