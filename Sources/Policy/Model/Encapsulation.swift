/// How copies are wrapped on their way to a destination.
public enum Encapsulation: String, Hashable, Sendable, CaseIterable, Codable {
    /// GRE with Transparent Ethernet Bridging (RFC 1701/2890, protocol 0x6558); optional key and sequence.
    case gre
    /// ERSPAN type II (GRE protocol 0x88BE): 10-bit session ID, always sequenced.
    case erspan2
    /// ERSPAN type III (GRE protocol 0x22EB): 10-bit session ID, timestamps, always sequenced.
    case erspan3
    /// VXLAN over UDP (RFC 7348): 24-bit VNI, UDP port 4789 unless the destination says otherwise.
    case vxlan

    /// True for the encapsulations carried in GRE (IP protocol 47).
    public var usesGRE: Bool { self != .vxlan }
}
