import NetworkTypes
import PacketCore

/// Finds where a captured frame's network header starts, past an Ethernet
/// header and its 802.1Q/802.1ad tags (raw IP link types start at 0), with
/// the same views `PacketDecoder` walks.
public enum FrameLinkHeader {
    /// The offset of the IPv4/IPv6 header and the EtherType, or nil for non-IP
    /// frames, unknown link types, or frames too short to tell.
    public static func networkOffset(
        _ frame: RawSpan,
        linkType: LinkType,
        maximumTags: Int = 8
    ) -> (offset: Int, etherType: UInt16)? {
        switch linkType {
        case .raw, .ipv4, .ipv6:
            guard frame.byteCount >= 1 else { return nil }
            return (0, IPv6HeaderView.identifies(frame, at: 0) ? EtherType.ipv6 : EtherType.ipv4)
        case .ethernet:
            guard let ethernet = try? EthernetFrameView(validating: frame) else { return nil }
            var offset = EthernetFrameView.headerLength
            var etherType = ethernet.etherType
            var tags = 0
            while VLANTagView.isTagProtocolIdentifier(etherType) {
                tags += 1
                guard tags <= maximumTags, let tag = try? VLANTagView(validating: frame, at: offset) else { return nil }
                etherType = tag.etherType
                offset += VLANTagView.length
            }
            guard etherType == EtherType.ipv4 || etherType == EtherType.ipv6 else { return nil }
            return (offset, etherType)
        default:
            return nil
        }
    }
}
