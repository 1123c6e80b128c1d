extension DecodedPacket {
    /// Verifies the IPv4 header checksum (RFC 791, RFC 1071) of `frame`, the
    /// frame this packet was decoded from: true when the one's-complement sum
    /// over the whole header, options included, is 0xFFFF.
    ///
    /// Returns nil when there is nothing to verify: the packet is not IPv4, or
    /// the capture holds less than the whole header. Never traps, even when
    /// given another frame than the one decoded.
    ///
    /// The decoder itself does not check it (neither does tshark by default):
    /// a wrong checksum does not make a frame malformed.
    public func verifiesIPv4HeaderChecksum(in frame: RawSpan) -> Bool? {
        guard layers.contains(.ipv4), let networkOffset else { return nil }
        let offset = Int(networkOffset)
        guard offset < frame.byteCount else { return nil }
        let headerLength = Int(frame.byteAt(offset) & 0x0F) * 4
        guard headerLength >= 20, frame.byteCount - offset >= headerLength else { return nil }
        var sum = InternetChecksum()
        sum.add(bytes: frame.extracting(offset..<(offset + headerLength)))
        return sum.verifies
    }
}
