import GRE
import NetworkTypes
import TapVocabulary

/// Where `TunnelReceiver` listens: raw GRE (GRE, ERSPAN; needs root) or a UDP
/// port (VXLAN, GRE-in-UDP; no root needed).
public enum TunnelListener: Hashable, Sendable, CustomStringConvertible {
    /// Raw GRE (IP protocol 47) to the address: GRE and ERSPAN II/III. Needs root.
    case gre(IPAddress)
    /// VXLAN on a UDP port of the address (4789 by default).
    case vxlan(IPAddress, port: UInt16 = VXLANHeader.udpPort)
    /// GRE-in-UDP on a UDP port of the address (4754 by default).
    case greInUDP(IPAddress, port: UInt16 = TunnelEncapsulation.greInUDPPort)
    /// Geneve on a UDP port of the address (6081 by default).
    case geneve(IPAddress, port: UInt16 = TunnelEncapsulation.genevePort)

    /// Parses `gre:ADDR`, `vxlan:ADDR[:PORT]`, `gre-udp:ADDR[:PORT]`,
    /// `geneve:ADDR[:PORT]` (IPv6 in brackets when a port follows), or a bare
    /// `ADDR` meaning all four.
    public static func parse(_ text: String) -> [TunnelListener]? {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        if parts.count == 2, ["gre", "vxlan", "gre-udp", "geneve"].contains(parts[0]) {
            guard let (address, port) = splitAddress(parts[1]) else { return nil }
            switch parts[0] {
            case "gre": return port == nil ? [.gre(address)] : nil
            case "vxlan": return [.vxlan(address, port: port ?? VXLANHeader.udpPort)]
            case "geneve": return [.geneve(address, port: port ?? TunnelEncapsulation.genevePort)]
            default: return [.greInUDP(address, port: port ?? TunnelEncapsulation.greInUDPPort)]
            }
        }
        guard let address = IPAddress(text) ?? IPAddress(String(text.filter { $0 != "[" && $0 != "]" })) else {
            return nil
        }
        return [.gre(address), .vxlan(address), .greInUDP(address), .geneve(address)]
    }

    private static func splitAddress(_ text: String) -> (IPAddress, UInt16?)? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                let address = IPAddress(text[text.index(after: text.startIndex)..<close])
            else { return nil }
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { return (address, nil) }
            guard rest.hasPrefix(":"), let port = UInt16(rest.dropFirst()) else { return nil }
            return (address, port)
        }
        if let address = IPAddress(text) { return (address, nil) }
        guard let colon = text.lastIndex(of: ":"), let address = IPAddress(text[..<colon]),
            let port = UInt16(text[text.index(after: colon)...])
        else { return nil }
        return (address, port)
    }

    /// The listener as it is parsed: `gre:ADDR`, `vxlan:ADDR:PORT`, `gre-udp:ADDR:PORT`, `geneve:ADDR:PORT`.
    public var description: String {
        switch self {
        case .gre(let address): "gre:\(address)"
        case .vxlan(let address, let port): "vxlan:\(address):\(port)"
        case .greInUDP(let address, let port): "gre-udp:\(address):\(port)"
        case .geneve(let address, let port): "geneve:\(address):\(port)"
        }
    }
}
