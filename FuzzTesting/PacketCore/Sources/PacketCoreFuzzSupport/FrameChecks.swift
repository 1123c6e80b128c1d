import PacketCore

/// What every fuzz target does with a frame: decode it and check that what
/// the decoder reports stays inside the frame. Errors are expected; a trap
/// (a failed precondition or an out-of-bounds span read) is the bug.
public enum FrameChecks {
    /// Decodes `frame` and touches every range the result points at.
    public static func decodeAndTouch(_ frame: RawSpan, linkType: LinkType, wireLength: Int?) {
        var packet = DecodedPacket()
        do throws(WireError) {
            try PacketDecoder().decode(frame, linkType: linkType, wireLength: wireLength, into: &packet)
        } catch {
            precondition(
                Int(error.offset) >= 0 && Int(error.offset) <= frame.byteCount,
                "error offset \(error.offset) outside a frame of \(frame.byteCount) bytes"
            )
        }
        touch(frame, from: packet.networkOffset)
        touch(frame, from: packet.transportOffset)
        touch(frame, from: packet.payloadOffset)
    }

    /// Every byte of `frame`, summed (so the reads cannot be optimised away).
    @discardableResult
    public static func sum(_ frame: RawSpan) -> UInt64 {
        var total: UInt64 = 0
        for index in 0..<frame.byteCount { total &+= UInt64(frame.byteAt(index)) }
        return total
    }

    /// An offset the decoder reports is nil (absent) or inside the frame; the
    /// bytes from it to the end are read through a bounds-checked span.
    private static func touch(_ frame: RawSpan, from offset: Int32?) {
        guard let offset else { return }
        precondition(
            offset >= 0 && Int(offset) <= frame.byteCount,
            "offset \(offset) outside a frame of \(frame.byteCount) bytes"
        )
        sum(frame.extracting(Int(offset)..<frame.byteCount))
    }
}
