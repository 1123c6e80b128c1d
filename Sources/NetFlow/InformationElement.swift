/// IANA IPFIX information element IDs (which NetFlow v9, RFC 3954 §8, shares
/// for IDs below 128) used by the exporter and understood by the collector.
public enum InformationElement {
    /// IANA IE 1, unsigned64: bytes of the flow's packets since the previous report, IP headers included (v9 IN_BYTES).
    public static let octetDeltaCount: UInt16 = 1
    /// IANA IE 2, unsigned64: packets of the flow since the previous report (v9 IN_PKTS).
    public static let packetDeltaCount: UInt16 = 2
    /// IANA IE 4, unsigned8: the IP protocol number.
    public static let protocolIdentifier: UInt16 = 4
    /// IANA IE 5, unsigned8: the IPv4 TOS or IPv6 traffic class (v9 SRC_TOS).
    public static let ipClassOfService: UInt16 = 5
    /// IANA IE 6, unsigned16 (8 bits in v9): the union of the TCP flags seen.
    public static let tcpControlBits: UInt16 = 6
    /// IANA IE 7, unsigned16: the TCP/UDP source port.
    public static let sourceTransportPort: UInt16 = 7
    /// IANA IE 8, ipv4Address: the source address.
    public static let sourceIPv4Address: UInt16 = 8
    /// IANA IE 10, unsigned32: the index of the interface the packets arrived on (v9 INPUT_SNMP).
    public static let ingressInterface: UInt16 = 10
    /// IANA IE 11, unsigned16: the TCP/UDP destination port.
    public static let destinationTransportPort: UInt16 = 11
    /// IANA IE 12, ipv4Address: the destination address.
    public static let destinationIPv4Address: UInt16 = 12
    /// IANA IE 14, unsigned32: the index of the interface the packets left on (v9 OUTPUT_SNMP).
    public static let egressInterface: UInt16 = 14
    /// IANA IE 21, unsigned32: the last packet's time, milliseconds since the exporter's boot (v9 LAST_SWITCHED).
    public static let flowEndSysUpTime: UInt16 = 21
    /// IANA IE 22, unsigned32: the first packet's time, milliseconds since the exporter's boot (v9 FIRST_SWITCHED).
    public static let flowStartSysUpTime: UInt16 = 22
    /// IANA IE 23, unsigned64: bytes after the observation point's processing (v9 OUT_BYTES).
    public static let postOctetDeltaCount: UInt16 = 23
    /// IANA IE 24, unsigned64: packets after the observation point's processing (v9 OUT_PKTS).
    public static let postPacketDeltaCount: UInt16 = 24
    /// IANA IE 27, ipv6Address: the source address.
    public static let sourceIPv6Address: UInt16 = 27
    /// IANA IE 28, ipv6Address: the destination address.
    public static let destinationIPv6Address: UInt16 = 28
    /// IANA IE 32, unsigned16: ICMP type << 8 | code.
    public static let icmpTypeCodeIPv4: UInt16 = 32
    /// IANA IE 34, unsigned32: one packet in N was sampled (deprecated in IPFIX, still sent by v9 exporters).
    public static let samplingInterval: UInt16 = 34
    /// IANA IE 35, unsigned8: 1 deterministic, 2 random (deprecated in IPFIX).
    public static let samplingAlgorithm: UInt16 = 35
    /// IANA IE 50, unsigned32: random sampling of one packet in N.
    public static let samplerRandomInterval: UInt16 = 50
    /// IANA IE 58, unsigned16: the VLAN ID of the incoming packets (v9 SRC_VLAN).
    public static let vlanId: UInt16 = 58
    /// IANA IE 85, unsigned64: bytes of the flow since it started.
    public static let octetTotalCount: UInt16 = 85
    /// IANA IE 86, unsigned64: packets of the flow since it started.
    public static let packetTotalCount: UInt16 = 86
    /// IANA IE 136, unsigned8: 1 idle timeout, 2 active timeout, 3 end detected (FIN/RST), 4 forced end, 5 lack of resources.
    public static let flowEndReason: UInt16 = 136
    /// IANA IE 139, unsigned16: ICMPv6 type << 8 | code.
    public static let icmpTypeCodeIPv6: UInt16 = 139
    /// IANA IE 149, unsigned32: the observation domain the flow was metered in.
    public static let observationDomainId: UInt16 = 149
    /// IANA IE 150, dateTimeSeconds: the first packet's time.
    public static let flowStartSeconds: UInt16 = 150
    /// IANA IE 151, dateTimeSeconds: the last packet's time.
    public static let flowEndSeconds: UInt16 = 151
    /// IANA IE 152, dateTimeMilliseconds: the first packet's time.
    public static let flowStartMilliseconds: UInt16 = 152
    /// IANA IE 153, dateTimeMilliseconds: the last packet's time.
    public static let flowEndMilliseconds: UInt16 = 153
    /// IANA IE 154, dateTimeMicroseconds (NTP format): the first packet's time.
    public static let flowStartMicroseconds: UInt16 = 154
    /// IANA IE 155, dateTimeMicroseconds (NTP format): the last packet's time.
    public static let flowEndMicroseconds: UInt16 = 155
    /// IANA IE 156, dateTimeNanoseconds (NTP format): the first packet's time.
    public static let flowStartNanoseconds: UInt16 = 156
    /// IANA IE 157, dateTimeNanoseconds (NTP format): the last packet's time.
    public static let flowEndNanoseconds: UInt16 = 157
    /// IANA IE 158, unsigned32: microseconds from the first packet to the message's export time.
    public static let flowStartDeltaMicroseconds: UInt16 = 158
    /// IANA IE 159, unsigned32: microseconds from the last packet to the message's export time.
    public static let flowEndDeltaMicroseconds: UInt16 = 159
    /// IANA IE 160, dateTimeMilliseconds: when the exporter booted (the base of the sysUpTime fields).
    public static let systemInitTimeMilliseconds: UInt16 = 160
    /// IANA IE 243, unsigned16: the 802.1Q VLAN ID.
    public static let dot1qVlanId: UInt16 = 243
    /// IANA IE 305, unsigned32: packets selected in a row by systematic count-based sampling.
    public static let samplingPacketInterval: UInt16 = 305
    /// IANA IE 306, unsigned32: packets skipped between two selections by systematic count-based sampling.
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
