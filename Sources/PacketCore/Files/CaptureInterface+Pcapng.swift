extension CaptureInterface {
    /// Parses a pcapng Interface Description Block: `block` is the whole block
    /// (type, length, body, trailing length) in the section's byte order.
    ///
    /// Reads the link type, snap length and the `if_name`, `if_tsresol` and
    /// `if_tsoffset` options; other options are skipped. Errors carry byte
    /// offsets relative to the start of the block and an empty path.
    public init(interfaceDescriptionBlock block: RawSpan, bigEndian big: Bool) throws(CaptureFileError) {
        func fail(_ offset: Int, _ code: CaptureFileError.Code, _ message: String) -> CaptureFileError {
            CaptureFileError(code: code, path: "", recordNumber: 0, offset: Int64(offset), message: message)
        }
        let length = block.byteCount
        guard length >= 20 else { throw fail(4, .badLength, "interface description block of \(length) bytes") }
        self.init(
            linkType: LinkType(rawValue: UInt32(block.uint16(at: 8, bigEndian: big))),
            snapLength: Int(block.uint32(at: 12, bigEndian: big))
        )
        var cursor = 16
        let limit = length - 4
        while cursor + 4 <= limit {
            let code = block.uint16(at: cursor, bigEndian: big)
            let optionLength = Int(block.uint16(at: cursor + 2, bigEndian: big))
            if code == 0 { break }  // opt_endofopt
            let valueStart = cursor + 4
            guard valueStart + optionLength <= limit else {
                throw fail(
                    cursor,
                    .badLength,
                    "interface option \(code) of \(optionLength) bytes runs past the end of its block"
                )
            }
            let value = block.extracting(valueStart..<(valueStart + optionLength))
            switch code {
            case 2:  // if_name
                var bytes: [UInt8] = []
                for i in 0..<optionLength {
                    let byte = value.byteAt(i)
                    if byte == 0 { break }
                    bytes.append(byte)
                }
                name = String(decoding: bytes, as: UTF8.self)
            case 9 where optionLength >= 1:  // if_tsresol
                let resolution = value.byteAt(0)
                let exponent = Int(resolution & 0x7F)
                if resolution & 0x80 != 0 {
                    guard exponent <= 63 else {
                        throw fail(cursor, .malformed, "if_tsresol 2^-\(exponent) is out of range")
                    }
                    ticksPerSecond = UInt64(1) << UInt64(exponent)
                } else {
                    guard exponent <= 19 else {
                        throw fail(cursor, .malformed, "if_tsresol 10^-\(exponent) is out of range")
                    }
                    var ticks: UInt64 = 1
                    for _ in 0..<exponent { ticks *= 10 }
                    ticksPerSecond = ticks
                }
            case 14 where optionLength >= 8:  // if_tsoffset, a signed 64-bit count of seconds
                let high = UInt64(value.uint32(at: big ? 0 : 4, bigEndian: big))
                let low = UInt64(value.uint32(at: big ? 4 : 0, bigEndian: big))
                timestampOffset = Int64(bitPattern: high << 32 | low)
            default:
                break
            }
            cursor = valueStart + ((optionLength + 3) & ~3)
        }
    }
}
