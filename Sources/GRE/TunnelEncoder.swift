import NetworkTypes
import PacketCore
import TapVocabulary

/// Encapsulates frames for one destination into reusable buffers: outer IPv4
/// or IPv6 header (PacketCore's owned headers), UDP for VXLAN, Geneve and GRE-in-UDP,
/// GRE with optional checksum/key/sequence, ERSPAN II/III, VXLAN or Geneve, then the frame.
///
/// Guarantees:
/// - No allocation per frame once the buffers have grown to the largest packet
///   seen (they start at 64 KiB, enough for any IP packet).
/// - Never loses a frame silently: a frame that does not fit the path MTU is
///   truncated (reported in the result, ERSPAN T bit set) or fragmented,
///   following `destination.oversize`; a frame that cannot fit even the largest IP
///   packet (a GSO super-frame) is truncated to it and reported.
/// - Each destination keeps its own GRE sequence counter and IP identification.
/// - The packets stay valid until the next `encode`.
public struct TunnelEncoder: Sendable {
    /// The destination this encoder wraps frames for.
    public let destination: TunnelDestination
    /// The resolved outer header fields (`destination`'s, or their defaults).
    public let outerSource: IPAddress
    /// The path MTU: the largest outer IP packet sent (`destination.mtu`, or 1500).
    public let mtu: Int
    /// The outer IPv4 TTL or IPv6 hop limit (`destination.timeToLive`, or 64).
    public let timeToLive: UInt8
    /// The outer DSCP (`destination.dscp`, or 0).
    public let dscp: UInt8
    /// The sequence number the next frame will carry (GRE S bit / ERSPAN).
    public private(set) var nextSequence: UInt32
    /// The IP identification the next outer packet will carry.
    public private(set) var nextIdentification: UInt32

    private var whole: [UInt8]
    private var fragmentStorage: [UInt8]
    private var fragmentRanges: [Range<Int>]
    private var wholeLength = 0
    private var fragmented = false
    private var packetOffset = 0

    /// Largest IPv4 packet (total length is 16 bits); IPv6 without jumbograms adds its 40-byte header.
    public static let maximumIPv4Packet = 65_535
    /// Largest IPv6 packet without jumbograms: a 65,535-byte payload and the 40-byte header.
    public static let maximumIPv6Packet = 65_535 + 40
    private static let initialCapacity = 65_535 + 64

    /// The outer source is `destination.outerSource` (the unspecified address
    /// when the destination names none or one of the other IP version).
    public init(destination: TunnelDestination, initialSequence: UInt32 = 0, initialIdentification: UInt32 = 1) {
        precondition(
            destination.effectiveMTU >= 128,
            "path MTU \(destination.effectiveMTU) is too small to carry a tunnel header"
        )
        self.destination = destination
        self.outerSource = destination.outerSource
        self.mtu = destination.effectiveMTU
        self.timeToLive = destination.timeToLive ?? TunnelDestination.defaultTimeToLive
        self.dscp = destination.dscp ?? 0
        self.nextSequence = initialSequence
        self.nextIdentification = initialIdentification
        self.whole = [UInt8](repeating: 0, count: Self.initialCapacity)
        self.fragmentStorage = [UInt8](repeating: 0, count: Self.initialCapacity + 256 * 48)
        self.fragmentRanges = []
        self.fragmentRanges.reserveCapacity(256)
    }

    /// Outer IP header length: 20 (IPv4) or 40 (IPv6).
    @inlinable public var ipHeaderLength: Int {
        destination.isIPv6 ? IPv6Header.encodedLength : IPv4Header.encodedLength
    }

    /// Bytes between the outer IP header and the inner frame (UDP, GRE, ERSPAN, VXLAN headers).
    public var tunnelOverhead: Int {
        switch destination.encapsulation {
        case .gre(let key, let sequence, let checksum, let protocolType):
            return GREHeader(
                protocolType: protocolType,
                checksumPresent: checksum,
                key: key,
                sequenceNumber: sequence ? 0 : nil
            ).encodedLength
        case .erspanType2: return 8 + ERSPANType2Header.encodedLength
        case .erspanType3: return 8 + ERSPANType3Header.fixedLength
        case .vxlan: return UDPHeader.encodedLength + VXLANHeader.encodedLength
        case .geneve: return UDPHeader.encodedLength + GeneveHeader.encodedLength
        case .greInUDP(let key, let sequence, let checksum, _):
            return UDPHeader.encodedLength
                + GREHeader(
                    protocolType: EtherType.transparentEthernetBridging,
                    checksumPresent: checksum,
                    key: key,
                    sequenceNumber: sequence ? 0 : nil
                ).encodedLength
        }
    }

    /// Encapsulates `frame` (for GRE with protocol 0x0800/0x86DD: the IP packet
    /// without its link header).
    ///
    /// - Parameters:
    ///   - flowHash: entropy for the UDP source port (see `FlowEntropy`).
    ///   - timestamp: the frame's capture time, carried by ERSPAN III.
    public mutating func encode(
        _ frame: RawSpan,
        flowHash: UInt32 = 0,
        timestamp: CaptureTimestamp = CaptureTimestamp(seconds: 0, nanoseconds: 0)
    ) -> TunnelEncodeResult {
        let ipLength = ipHeaderLength
        let overhead = tunnelOverhead
        let maximumPacket = destination.isIPv6 ? Self.maximumIPv6Packet : Self.maximumIPv4Packet
        var result = TunnelEncodeResult()
        var carried = frame.byteCount
        if let snap = destination.snapLength, carried > snap {
            carried = max(snap, 0)
            result.truncated = true
        }
        result.fullLength = ipLength + overhead + frame.byteCount
        var limit = maximumPacket
        if destination.oversize == .truncate { limit = min(limit, mtu) }
        if ipLength + overhead + carried > limit {
            carried = max(limit - ipLength - overhead, 0)
            result.truncated = true
        }
        let length = ipLength + overhead + carried
        fragmented = length > mtu
        result.carriedLength = carried
        result.packetLength = length
        result.fragmented = fragmented
        writeWhole(
            frame,
            carried: carried,
            length: length,
            truncated: result.truncated,
            flowHash: flowHash,
            timestamp: timestamp
        )
        if fragmented {
            splitIntoFragments()
            result.packetCount = fragmentRanges.count
            var bytes = 0
            for index in fragmentRanges.indices { bytes += fragmentRanges[index].count }
            result.emittedBytes = bytes
        } else {
            fragmentRanges.removeAll(keepingCapacity: true)
            result.packetCount = 1
            result.emittedBytes = length
        }
        nextIdentification &+= 1
        return result
    }

    /// Calls `body` with outer packet `index` (0..<packetCount) of the last `encode`.
    public func withPacket<R, E: Error>(_ index: Int, _ body: (RawSpan) throws(E) -> R) throws(E) -> R {
        if fragmented {
            return try body(unsafe fragmentStorage.span.bytes.extracting(fragmentRanges[index]))
        }
        precondition(index == 0, "packet index out of range")
        return try body(unsafe whole.span.bytes.extracting(0..<wholeLength))
    }

    /// Calls `body` with the unfragmented packet after its outer IP header (what
    /// a raw socket that builds the IP header itself sends).
    public func withIPPayload<R, E: Error>(_ body: (RawSpan) throws(E) -> R) throws(E) -> R {
        try body(unsafe whole.span.bytes.extracting(ipHeaderLength..<wholeLength))
    }

    /// Calls `body` with the unfragmented packet after its outer IP and UDP
    /// headers (what a UDP socket sends). Only for UDP encapsulations.
    public func withUDPPayload<R, E: Error>(_ body: (RawSpan) throws(E) -> R) throws(E) -> R {
        precondition(destination.encapsulation.usesUDP, "not a UDP encapsulation")
        return try body(unsafe whole.span.bytes.extracting((ipHeaderLength + UDPHeader.encodedLength)..<wholeLength))
    }

    /// The UDP source port used for `flowHash` (RFC 7348 §5 / RFC 8086 §3.2.1: 49152–65535).
    @inlinable public static func udpSourcePort(flowHash: UInt32) -> UInt16 {
        49_152 | UInt16(truncatingIfNeeded: (flowHash ^ (flowHash >> 16)) & 0x3FFF)
    }

    // MARK: - Building

    private mutating func writeWhole(
        _ frame: RawSpan,
        carried: Int,
        length: Int,
        truncated: Bool,
        flowHash: UInt32,
        timestamp: CaptureTimestamp
    ) {
        if whole.count < length { whole = [UInt8](repeating: 0, count: length) }
        let encapsulation = destination.encapsulation
        let outerSource = self.outerSource
        let outerDestination = destination.address
        let dscp = self.dscp
        let timeToLive = self.timeToLive
        let ipLength = ipHeaderLength
        let identification = nextIdentification
        var sequence: UInt32? = nil
        var greStart = -1
        var greChecksum = false
        var udpStart = -1
        let transportProtocol = encapsulation.usesUDP ? UInt8(17) : UInt8(47)
        let headerEnd: Int = unsafe whole.withUnsafeMutableBytes { raw in
            let region = unsafe UnsafeMutableRawBufferPointer(rebasing: raw[0..<length])
            var out = unsafe OutputRawSpan(buffer: region, initializedCount: 0)
            switch (outerSource, outerDestination) {
            case (.v4(let source), .v4(let destination)):
                IPv4Header(
                    typeOfService: dscp << 2,
                    totalLength: UInt16(truncatingIfNeeded: length),
                    identification: UInt16(truncatingIfNeeded: identification),
                    timeToLive: timeToLive,
                    protocolNumber: transportProtocol,
                    source: source,
                    destination: destination
                )
                .emit(into: &out)
            case (.v6(let source), .v6(let destination)):
                IPv6Header(
                    trafficClass: dscp << 2,
                    payloadLength: UInt16(truncatingIfNeeded: length - ipLength),
                    nextHeader: transportProtocol,
                    hopLimit: timeToLive,
                    source: source,
                    destination: destination
                )
                .emit(into: &out)
            default:
                preconditionFailure("tunnel source and destination must be of the same address family")
            }
            if let port = encapsulation.udpPort {
                udpStart = out.byteCount
                UDPHeader(
                    sourcePort: Self.udpSourcePort(flowHash: flowHash),
                    destinationPort: port,
                    length: UInt16(truncatingIfNeeded: length - ipLength)
                ).emit(into: &out)
            }
            switch encapsulation {
            case .gre(let key, let withSequence, let checksum, let protocolType):
                if withSequence { sequence = nextSequence }
                greStart = out.byteCount
                greChecksum = checksum
                GREHeader(protocolType: protocolType, checksumPresent: checksum, key: key, sequenceNumber: sequence)
                    .emit(into: &out)
            case .greInUDP(let key, let withSequence, let checksum, _):
                if withSequence { sequence = nextSequence }
                greStart = out.byteCount
                greChecksum = checksum
                GREHeader(
                    protocolType: EtherType.transparentEthernetBridging,
                    checksumPresent: checksum,
                    key: key,
                    sequenceNumber: sequence
                ).emit(into: &out)
            case .erspanType2(let sessionID, let index):
                sequence = nextSequence
                GREHeader(protocolType: GREHeader.erspanType2, sequenceNumber: sequence).emit(into: &out)
                ERSPANType2Header(truncated: truncated, sessionID: sessionID, index: index).emit(into: &out)
            case .erspanType3(let sessionID, let hardwareID):
                sequence = nextSequence
                GREHeader(protocolType: GREHeader.erspanType3, sequenceNumber: sequence).emit(into: &out)
                let ticks = UInt64(bitPattern: timestamp.totalNanoseconds) / 100
                ERSPANType3Header(
                    truncated: truncated,
                    sessionID: sessionID,
                    timestamp: UInt32(truncatingIfNeeded: ticks),
                    hardwareID: hardwareID,
                    granularity: 1
                ).emit(into: &out)
            case .vxlan(let vni, _):
                VXLANHeader(vni: vni).emit(into: &out)
            case .geneve(let vni, _):
                GeneveHeader(vni: vni).emit(into: &out)
            }
            let written = out.byteCount
            _ = unsafe out.finalize(for: region)
            if carried > 0 {
                unsafe frame.withUnsafeBytes { source in
                    unsafe (raw.baseAddress! + written).copyMemory(from: source.baseAddress!, byteCount: carried)
                }
            }
            return written
        }
        precondition(headerEnd + carried == length, "tunnel header length mismatch")
        if sequence != nil { nextSequence &+= 1 }
        wholeLength = length
        if greChecksum {
            var sum = InternetChecksum()
            sum.add(bytes: unsafe whole.span.bytes.extracting(greStart..<length))
            store16(sum.value, at: greStart + GREHeader.checksumOffset)
        }
        if udpStart >= 0, case .v6(let source) = outerSource, case .v6(let destination) = outerDestination {
            // RFC 8200 §8.1: the UDP checksum is mandatory over IPv6.
            var sum = InternetChecksum()
            let header = IPv6Header(payloadLength: 0, nextHeader: 17, source: source, destination: destination)
            header.addPseudoHeader(to: &sum, upperLength: length - udpStart, nextHeader: 17)
            sum.add(bytes: unsafe whole.span.bytes.extracting(udpStart..<length))
            let value = sum.value
            store16(value == 0 ? 0xFFFF : value, at: udpStart + 6)
        }
    }

    private mutating func store16(_ value: UInt16, at offset: Int) {
        whole[offset] = UInt8(truncatingIfNeeded: value >> 8)
        whole[offset + 1] = UInt8(truncatingIfNeeded: value)
    }

    /// Splits the whole packet into outer fragments of at most `mtu`
    /// bytes: RFC 791 fragments for IPv4, RFC 8200 §4.5 fragment headers for IPv6.
    private mutating func splitIntoFragments() {
        fragmentRanges.removeAll(keepingCapacity: true)
        let encapsulation = destination.encapsulation
        let ipLength = ipHeaderLength
        let payloadLength = wholeLength - ipLength
        let fragmentHeaderLength = destination.isIPv6 ? 8 : 0
        let step = (mtu - ipLength - fragmentHeaderLength) & ~7
        let count = (payloadLength + step - 1) / step
        let needed = payloadLength + count * (ipLength + fragmentHeaderLength)
        if fragmentStorage.count < needed { fragmentStorage = [UInt8](repeating: 0, count: needed) }
        let identification = nextIdentification
        let transportProtocol: UInt8 = encapsulation.usesUDP ? 17 : 47
        var cursor = 0
        var offset = 0
        let headerLength = ipLength + fragmentHeaderLength
        while offset < payloadLength {
            let chunk = min(step, payloadLength - offset)
            let more = offset + chunk < payloadLength
            writeFragment(
                at: cursor,
                headerLength: headerLength,
                dataOffset: offset,
                chunk: chunk,
                more: more,
                identification: identification,
                transportProtocol: transportProtocol
            )
            fragmentRanges.append(cursor..<(cursor + headerLength + chunk))
            cursor += headerLength + chunk
            offset += chunk
        }
    }

    /// Writes one fragment (its IP header, the IPv6 fragment header, and `chunk`
    /// bytes of the whole packet's payload from `dataOffset`) at `cursor`.
    private mutating func writeFragment(
        at cursor: Int,
        headerLength: Int,
        dataOffset offset: Int,
        chunk: Int,
        more: Bool,
        identification: UInt32,
        transportProtocol: UInt8
    ) {
        let outerSource = self.outerSource
        let outerDestination = destination.address
        let dscp = self.dscp
        let timeToLive = self.timeToLive
        let ipLength = ipHeaderLength
        unsafe whole.withUnsafeBytes { source in
            unsafe fragmentStorage.withUnsafeMutableBytes { raw in
                let region = unsafe UnsafeMutableRawBufferPointer(rebasing: raw[cursor..<(cursor + headerLength)])
                var out = unsafe OutputRawSpan(buffer: region, initializedCount: 0)
                switch (outerSource, outerDestination) {
                case (.v4(let s), .v4(let d)):
                    IPv4Header(
                        typeOfService: dscp << 2,
                        totalLength: UInt16(truncatingIfNeeded: headerLength + chunk),
                        identification: UInt16(truncatingIfNeeded: identification),
                        moreFragments: more,
                        fragmentOffset: UInt16(truncatingIfNeeded: offset),
                        timeToLive: timeToLive,
                        protocolNumber: transportProtocol,
                        source: s,
                        destination: d
                    ).emit(into: &out)
                case (.v6(let s), .v6(let d)):
                    IPv6Header(
                        trafficClass: dscp << 2,
                        payloadLength: UInt16(truncatingIfNeeded: 8 + chunk),
                        nextHeader: 44,
                        hopLimit: timeToLive,
                        source: s,
                        destination: d
                    )
                    .emit(into: &out)
                    unsafe out.append(transportProtocol, as: UInt8.self)
                    unsafe out.append(UInt8(0), as: UInt8.self)
                    unsafe out.append((UInt16(truncatingIfNeeded: offset) | (more ? 1 : 0)).bigEndian, as: UInt16.self)
                    unsafe out.append(identification.bigEndian, as: UInt32.self)
                default:
                    preconditionFailure("tunnel source and destination must be of the same address family")
                }
                _ = unsafe out.finalize(for: region)
                unsafe (raw.baseAddress! + cursor + headerLength)
                    .copyMemory(from: source.baseAddress! + ipLength + offset, byteCount: chunk)
            }
        }
    }
}
