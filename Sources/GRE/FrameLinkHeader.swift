import PacketCore

/// Finds where a captured frame's network header starts, past an Ethernet
/// header and its 802.1Q/802.1ad tags (raw IP link types start at 0).
public enum FrameLinkHeader {
    /// The offset of the IPv4/IPv6 header and the EtherType, or nil for non-IP
    /// frames, unknown link types, or frames too short to tell.
    public static func networkOffset(_ frame: RawSpan, linkType: LinkType, maximumTags: Int = 8) -> (offset: Int, etherType: UInt16)? {
        switch linkType {
        case .raw, .ipv4, .ipv6:
            guard frame.byteCount >= 1 else { return nil }
            return (0, frame.byteAt(0) >> 4 == 6 ? 0x86DD : 0x0800)
        case .ethernet:
            guard frame.byteCount >= 14 else { return nil }
            var offset = 12
            var etherType = frame.uint16BE(at: offset)
            var tags = 0
            while etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100 {
                tags += 1
                guard tags <= maximumTags, frame.byteCount >= offset + 6 else { return nil }
                offset += 4
                etherType = frame.uint16BE(at: offset)
            }
            guard etherType == 0x0800 || etherType == 0x86DD else { return nil }
            return (offset + 2, etherType)
        default:
            return nil
        }
    }
}
