import NetworkTypes
import TapVocabulary

/// Parses `KIND:ADDR[,option...]` destinations for `tapctl encap`:
/// `gre:198.18.0.2,key=100,seq,csum`, `erspan2:ADDR,session=7`, `erspan3:ADDR,session=7,hw=1`,
/// `vxlan:ADDR,vni=4242[,port=4789]`, `geneve:ADDR,vni=4242[,port=6081]`, `gre-udp:ADDR[,key=N,seq,csum,port=4754]`; every kind also takes
/// `mtu=N`, `fragment` or `truncate` (default: truncate for ERSPAN, fragment for the others), `snap=N`, `ttl=N`, `dscp=N`, `rate=BITS_PER_SECOND`, `raw`, `name=NAME`.
enum TunnelDestinationArgument {
    static func parse(_ text: String, source: IPAddress?) throws -> TunnelDestination {
        let fields = text.split(separator: ",").map(String.init)
        guard let head = fields.first, let colon = head.firstIndex(of: ":") else {
            throw CommandFailure(
                "destination \(text): expected KIND:ADDRESS[,options] (kinds: gre, erspan2, erspan3, vxlan, gre-udp, geneve)"
            )
        }
        let kindText = String(head[..<colon])
        guard let kind = TunnelKind(name: kindText) else {
            throw CommandFailure(
                "destination \(text): unknown kind \(kindText) (gre, erspan2, erspan3, vxlan, gre-udp, geneve)"
            )
        }
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
            guard let parsed = T(value) else {
                throw CommandFailure("destination \(text): \(key)=\(value) is not a number")
            }
            return parsed
        }
        func flag(_ key: String) -> Bool { options.removeValue(forKey: key) != nil }
        let encapsulation: TunnelEncapsulation
        switch kind {
        case .gre:
            encapsulation = .gre(key: try number("key", UInt32.self), sequence: flag("seq"), checksum: flag("csum"))
        case .erspanType2:
            encapsulation = .erspanType2(
                sessionID: try number("session", UInt16.self) ?? 1,
                index: try number("index", UInt32.self) ?? 0
            )
        case .erspanType3:
            encapsulation = .erspanType3(
                sessionID: try number("session", UInt16.self) ?? 1,
                hardwareID: try number("hw", UInt8.self) ?? 0
            )
        case .vxlan:
            guard let vni = try number("vni", UInt32.self) else {
                throw CommandFailure("destination \(text): vxlan needs vni=N")
            }
            encapsulation = .vxlan(vni: vni, port: try number("port", UInt16.self) ?? TunnelEncapsulation.vxlanPort)
        case .geneve:
            guard let vni = try number("vni", UInt32.self) else {
                throw CommandFailure("destination \(text): geneve needs vni=N")
            }
            encapsulation = .geneve(vni: vni, port: try number("port", UInt16.self) ?? TunnelEncapsulation.genevePort)
        case .greInUDP:
            encapsulation = .greInUDP(
                key: try number("key", UInt32.self),
                sequence: flag("seq"),
                checksum: flag("csum"),
                port: try number("port", UInt16.self) ?? TunnelEncapsulation.greInUDPPort
            )
        }
        switch (source, address) {
        case (nil, _), (.v4?, .v4), (.v6?, .v6): break
        case (let source?, _):
            throw CommandFailure(
                "destination \(text): the outer source \(source) and \(address) are not the same IP version"
            )
        }
        let timeToLive = try number("ttl", UInt8.self)
        let dscp = try number("dscp", UInt8.self)
        let mtu = try number("mtu", Int.self)
        let oversize: OversizePolicy? = flag("fragment") ? .fragment : flag("truncate") ? .truncate : nil
        let snapLength = try number("snap", Int.self)
        let name = options.removeValue(forKey: "name") ?? "\(kindText):\(address)"
        let raw = flag("raw")
        let rate = try number("rate", UInt64.self)
        if let unknown = options.keys.sorted().first {
            throw CommandFailure("destination \(text): unknown option \(unknown)")
        }
        return TunnelDestination(
            name: name,
            address: address,
            source: source,
            encapsulation: encapsulation,
            mtu: mtu,
            oversize: oversize,
            snapLength: snapLength,
            rateCaps: .init(bitsPerSecond: rate),
            timeToLive: timeToLive,
            dscp: dscp,
            transport: raw ? .raw : nil
        )
    }
}
