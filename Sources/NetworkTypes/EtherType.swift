/// IEEE EtherType values used across the suite.
public enum EtherType {
    /// IPv4 (RFC 894).
    public static let ipv4: UInt16 = 0x0800
    /// ARP (RFC 826).
    public static let arp: UInt16 = 0x0806
    /// An IEEE 802.1Q VLAN tag (C-tag) follows.
    public static let vlan: UInt16 = 0x8100
    /// An IEEE 802.1ad service tag (S-tag, QinQ) follows.
    public static let qinq: UInt16 = 0x88A8
    /// The pre-standard QinQ outer tag some switches still send; decoded like 802.1ad.
    public static let qinqLegacy: UInt16 = 0x9100
    /// IPv6 (RFC 2464).
    public static let ipv6: UInt16 = 0x86DD
    /// Transparent Ethernet Bridging: a whole Ethernet frame follows (GRE's payload type for tapped frames).
    public static let transparentEthernetBridging: UInt16 = 0x6558
    /// ERSPAN Type II, as GRE's protocol type.
    public static let erspanType2: UInt16 = 0x88BE
    /// ERSPAN Type III, as GRE's protocol type.
    public static let erspanType3: UInt16 = 0x22EB
}
