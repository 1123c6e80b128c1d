/// IEEE EtherType values used across the suite.
public enum EtherType {
    public static let ipv4: UInt16 = 0x0800
    public static let arp: UInt16 = 0x0806
    public static let vlan: UInt16 = 0x8100  // IEEE 802.1Q C-tag
    public static let qinq: UInt16 = 0x88A8  // IEEE 802.1ad S-tag
    public static let qinqLegacy: UInt16 = 0x9100  // pre-standard QinQ
    public static let ipv6: UInt16 = 0x86DD
    public static let transparentEthernetBridging: UInt16 = 0x6558
    public static let erspanType2: UInt16 = 0x88BE
    public static let erspanType3: UInt16 = 0x22EB
}
