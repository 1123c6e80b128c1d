import NetworkTypes
import Testing

@testable import PacketCore

/// emit → decode round trips for the owned headers, and the trap contract
/// of `emit` (a too-small buffer is a programmer error).
@Suite struct HeaderEmitTests {
    static let mac1 = MACAddress(rawValue: 0x0200_0A01_0001)
    static let mac2 = MACAddress(rawValue: 0x0200_0A01_0002)
    static let v4a = IPv4Address(rawValue: 0xC612_0001)
    static let v4b = IPv4Address(rawValue: 0xC612_0002)
    static let v6a = IPv6Address(rawValue: UInt128(0x2001_0db8) << 96 | 1)
    static let v6b = IPv6Address(rawValue: UInt128(0x2001_0db8) << 96 | 2)

    /// Emits the given headers one after the other, then `payload` bytes.
    func frame(_ length: Int, _ payload: [UInt8] = [], _ emit: (inout OutputRawSpan) -> Void) -> [UInt8] {
        let headers = [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
            var out = OutputRawSpan(buffer: UnsafeMutableRawBufferPointer(buffer), initializedCount: 0)
            emit(&out)
            count = out.byteCount
            _ = out.finalize(for: UnsafeMutableRawBufferPointer(buffer))
        }
        #expect(headers.count == length)
        return headers + payload
    }

    func decode(_ bytes: [UInt8]) throws -> DecodedPacket {
        try bytes.withUnsafeBytes { raw in try PacketDecoder().decode(raw.bytes) }
    }

    @Test(arguments: [nil, UInt16(100), 4095])
    func ethernetIPv4UDPRoundTrip(vlanID: UInt16?) throws {
        let ethernet = EthernetHeader(
            destination: Self.mac2,
            source: Self.mac1,
            vlanID: vlanID,
            etherType: EtherType.ipv4
        )
        let payload: [UInt8] = [1, 2, 3, 4, 5]
        let udp = UDPHeader(sourcePort: 4789, destinationPort: 53, length: UInt16(8 + payload.count))
        let ip = IPv4Header(
            typeOfService: 0xB8,
            totalLength: UInt16(20 + 8 + payload.count),
            identification: 0xBEEF,
            dontFragment: true,
            timeToLive: 17,
            protocolNumber: 17,
            source: Self.v4a,
            destination: Self.v4b
        )
        let bytes = frame(ethernet.encodedLength + 28, payload) { out in
            ethernet.emit(into: &out)
            ip.emit(into: &out)
            udp.emit(into: &out)
        }
        let p = try decode(bytes)
        #expect(p.destinationMAC == Self.mac2 && p.sourceMAC == Self.mac1)
        #expect(p.vlanID == vlanID && p.vlanCount == (vlanID == nil ? 0 : 1))
        #expect(p.trafficClass == 0xB8 && p.fragmentIdentification == 0xBEEF && p.dontFragment && p.hopLimit == 17)
        #expect(p.sourceAddress == .v4(Self.v4a) && p.destinationAddress == .v4(Self.v4b))
        #expect(p.sourcePort == 4789 && p.destinationPort == 53 && p.payloadLength == 5)
        #expect(bytes.withUnsafeBytes { p.verifiesIPv4HeaderChecksum(in: $0.bytes) } == true)
    }

    @Test func ipv4FragmentFieldsRoundTrip() throws {
        let ip = IPv4Header(
            totalLength: 28,
            identification: 7,
            moreFragments: true,
            fragmentOffset: 1480,
            protocolNumber: 17,
            source: Self.v4a,
            destination: Self.v4b
        )
        let ethernet = EthernetHeader(destination: Self.mac2, source: Self.mac1, etherType: EtherType.ipv4)
        let bytes = frame(34, [UInt8](repeating: 0, count: 8)) { out in
            ethernet.emit(into: &out)
            ip.emit(into: &out)
        }
        let p = try decode(bytes)
        #expect(p.moreFragments && p.fragmentOffset == 1480 && !p.hasTransport && p.layers.contains(.fragment))
    }

    @Test func ethernetIPv6UDPRoundTrip() throws {
        let ethernet = EthernetHeader(destination: Self.mac2, source: Self.mac1, etherType: EtherType.ipv6)
        let ip = IPv6Header(
            trafficClass: 0x2A,
            flowLabel: 0xFFFFF,
            payloadLength: 10,
            nextHeader: 17,
            hopLimit: 3,
            source: Self.v6a,
            destination: Self.v6b
        )
        let udp = UDPHeader(sourcePort: 1, destinationPort: 65535, length: 10, checksum: 0x1234)
        let bytes = frame(14 + 40 + 8, [9, 9]) { out in
            ethernet.emit(into: &out)
            ip.emit(into: &out)
            udp.emit(into: &out)
        }
        let p = try decode(bytes)
        #expect(p.ipVersion == 6 && p.trafficClass == 0x2A && p.flowLabel == 0xFFFFF && p.hopLimit == 3)
        #expect(p.sourceAddress == .v6(Self.v6a) && p.destinationAddress == .v6(Self.v6b))
        #expect(p.sourcePort == 1 && p.destinationPort == 65535 && p.payloadLength == 2)
        #expect(Array(bytes[(14 + 40 + 6)..<(14 + 40 + 8)]) == [0x12, 0x34])
    }

    @Test func emittedHeadersMatchTheSampleBytes() {
        // The IPv4 header of SampleFrames.vlanIPv4UDP, rebuilt from its fields.
        let ip = IPv4Header(
            totalLength: 32,
            identification: 0x1234,
            dontFragment: true,
            timeToLive: 64,
            protocolNumber: 17,
            source: Self.v4a,
            destination: Self.v4b
        )
        let bytes = frame(20) { ip.emit(into: &$0) }
        #expect(bytes == Array(SampleFrames.vlanIPv4UDP[18..<38]))
    }

    /// Trap contract: emitting into a buffer with less room than
    /// `encodedLength` stops the process (it cannot write past the buffer).
    @Test func emitIntoATooSmallBufferTraps() async {
        await #expect(processExitsWith: .failure) {
            let ip = IPv4Header(totalLength: 20, protocolNumber: 17, source: Self.v4a, destination: Self.v4b)
            _ = [UInt8](unsafeUninitializedCapacity: 10) { buffer, count in
                var out = OutputRawSpan(buffer: UnsafeMutableRawBufferPointer(buffer), initializedCount: 0)
                ip.emit(into: &out)
                count = out.byteCount
                _ = out.finalize(for: UnsafeMutableRawBufferPointer(buffer))
            }
        }
    }
}
