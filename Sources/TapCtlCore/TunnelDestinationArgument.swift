import GRE
import NetworkTypes
import TunnelTransport

/// Parses `KIND:ADDR[,option...]` destinations for `tapctl encap`:
/// `gre:198.18.0.2,key=100,seq,csum`, `erspan2:ADDR,session=7`, `erspan3:ADDR,session=7,hw=1`,
/// `vxlan:ADDR,vni=4242[,port=4789]`, `gre-udp:ADDR[,key=N,seq,csum,port=4754]`; every kind also takes
/// `mtu=N`, `fragment`, `snap=N`, `ttl=N`, `dscp=N`, `rate=BITS_PER_SECOND`, `raw`, `name=NAME`.
enum TunnelDestinationArgument {
    static func parse(_ text: String, source: IPAddress?) throws -> TunnelDestination {
        let fields = text.split(separator: ",").map(String.init)
        guard let head = fields.first, let colon = head.firstIndex(of: ":") else {
            throw CommandFailure("destination \(text): expected KIND:ADDRESS[,options] (kinds: gre, erspan2, erspan3, vxlan, gre-udp)")
        }
        let kind = String(head[..<colon])
        guard let address = IPAddress(head[head.index(after: colon)...]) else {
            throw CommandFailure("destination \(text): \(head[head.index(after: colon)...]) is not an IP address")
        }
        var options: [String: String] = [:]
        for field in fields.dropFirst() {
            let pair = field.split(separator: "=", maxSplits: 1).map(String.init)
            options[pair[0]] = pair.count > 1 ? pair[1] : ""
        }
        func number<T: FixedWidthInteger>(_ key: String, _ type: T.Type) throws -> T? {
            guard let value = options.removeValue(forKey: key) else { return nil }
            guard let parsed = T(value) else { throw CommandFailure("destination \(text): \(key)=\(value) is not a number") }
            return parsed
        }
        func flag(_ key: String) -> Bool { options.removeValue(forKey: key) != nil }
        let encapsulation: TunnelEncapsulation
        switch kind {
        case "gre":
            encapsulation = .gre(key: try number("key", UInt32.self), sequence: flag("seq"), checksum: flag("csum"))
        case "erspan2":
            encapsulation = .erspanType2(sessionID: try number("session", UInt16.self) ?? 1, index: try number("index", UInt32.self) ?? 0)
        case "erspan3":
            encapsulation = .erspanType3(sessionID: try number("session", UInt16.self) ?? 1, hardwareID: try number("hw", UInt8.self) ?? 0)
        case "vxlan":
            guard let vni = try number("vni", UInt32.self) else { throw CommandFailure("destination \(text): vxlan needs vni=N") }
            encapsulation = .vxlan(vni: vni, port: try number("port", UInt16.self) ?? VXLANHeader.udpPort)
        case "gre-udp":
            encapsulation = .greInUDP(key: try number("key", UInt32.self), sequence: flag("seq"), checksum: flag("csum"),
                                      port: try number("port", UInt16.self) ?? TunnelEncapsulation.greInUDPPort)
        default:
            throw CommandFailure("destination \(text): unknown kind \(kind) (gre, erspan2, erspan3, vxlan, gre-udp)")
        }
        let ipv6: Bool = if case .v6 = address { true } else { false }
        var outerSource: IPAddress = ipv6 ? .v6(IPv6Address(rawValue: 0)) : .v4(IPv4Address(rawValue: 0))
        if let source {
            let sourceIsIPv6: Bool = if case .v6 = source { true } else { false }
            guard sourceIsIPv6 == ipv6 else {
                throw CommandFailure("destination \(text): the outer source \(source) and \(address) are not the same IP version")
            }
            outerSource = source
        }
        let endpoint = TunnelEndpoint(
            source: outerSource, destination: address, encapsulation: encapsulation,
            timeToLive: try number("ttl", UInt8.self) ?? 64, dscp: try number("dscp", UInt8.self) ?? 0,
            mtu: try number("mtu", Int.self) ?? 1500, oversize: flag("fragment") ? .fragment : .truncate,
            snapLength: try number("snap", Int.self))
        let name = options.removeValue(forKey: "name") ?? "\(kind):\(address)"
        let raw = flag("raw")
        let rate = try number("rate", UInt64.self)
        if let unknown = options.keys.sorted().first {
            throw CommandFailure("destination \(text): unknown option \(unknown)")
        }
        return TunnelDestination(name: name, endpoint: endpoint, transport: raw ? .raw : nil, bitsPerSecondCap: rate)
    }
}
