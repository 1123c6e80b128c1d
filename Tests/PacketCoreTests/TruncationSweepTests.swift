import Testing

@testable import PacketCore

/// Every prefix of every sample frame, read two ways: cut by the snap length
/// (the wire length says more) and as a frame that really is that short.
/// Neither may trap; the first never throws, the second throws exactly when
/// the cut removes bytes the headers announce.
@Suite struct TruncationSweepTests {
    let decoder = PacketDecoder()

    func decode(_ bytes: ArraySlice<UInt8>, wireLength: Int) -> (DecodedPacket, WireError?) {
        decoder.decode(bytes, wireLength: wireLength)
    }

    /// Where the headers say the frame's meaningful bytes end (the IP packet
    /// end; Ethernet padding after it is not announced by anything).
    func announcedEnd(_ sample: SampleFrames.Sample) -> Int {
        let (full, error) = decode(sample.bytes[...], wireLength: sample.bytes.count)
        #expect(error == nil)
        guard full.isIP, let networkOffset = full.networkOffset else { return sample.bytes.count }
        return Int(networkOffset) + Int(full.ipLength)
    }

    @Test(arguments: SampleFrames.all)
    func snapCutPrefixesNeverThrow(sample: SampleFrames.Sample) {
        let end = announcedEnd(sample)
        for length in 0..<sample.bytes.count {
            let (packet, error) = decode(sample.bytes.prefix(length), wireLength: sample.bytes.count)
            #expect(error == nil, "\(sample.name) cut at \(length): \(String(describing: error))")
            #expect(packet.capturedLength == Int32(length))
            if length < end { #expect(packet.isTruncated, "\(sample.name) cut at \(length)") }
        }
    }

    @Test(arguments: SampleFrames.all)
    func shortFramesThrowWhereTheHeadersAnnounceMore(sample: SampleFrames.Sample) {
        let end = announcedEnd(sample)
        for length in 0..<sample.bytes.count {
            let (packet, error) = decode(sample.bytes.prefix(length), wireLength: length)
            if length < end {
                let code = error?.code
                #expect(
                    code == .truncated || code == .malformed,
                    "\(sample.name) at \(length) gave \(String(describing: error))"
                )
                if let error { #expect(Int(error.offset) <= length, "the offset points into the frame") }
            } else {
                #expect(error == nil, "\(sample.name) at \(length): padding cut is not an error")
            }
            #expect(!packet.isTruncated)
        }
    }

    /// Also every prefix of every sample with every single byte replaced by
    /// 0x00 and 0xFF: whatever the decoder makes of it, it must not trap.
    @Test(arguments: SampleFrames.all)
    func corruptedPrefixesNeverTrap(sample: SampleFrames.Sample) {
        for position in 0..<sample.bytes.count {
            for value: UInt8 in [0x00, 0xFF] {
                var bytes = sample.bytes
                bytes[position] = value
                for length in stride(from: 0, through: bytes.count, by: 3) {
                    _ = decode(bytes.prefix(length), wireLength: bytes.count)
                    _ = decode(bytes.prefix(length), wireLength: length)
                }
            }
        }
    }
}
