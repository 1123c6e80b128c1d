import PacketCore

extension Layer {
    /// GRE (RFC 2784 / RFC 2890), also inside UDP (RFC 8086).
    public static let gre = Layer(rawValue: "gre")
    /// ERSPAN type II and III headers.
    public static let erspan = Layer(rawValue: "erspan")
    /// VXLAN (RFC 7348).
    public static let vxlan = Layer(rawValue: "vxlan")
    /// Geneve (RFC 8926).
    public static let geneve = Layer(rawValue: "geneve")
    /// IPv4/IPv6 fragment reassembly of an outer tunnel packet.
    public static let reassembly = Layer(rawValue: "reassembly")
}
