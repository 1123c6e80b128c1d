/// Encoded as seconds since the epoch, a JSON number with up to nine decimals.
extension CaptureTimestamp: Codable {
    /// Decodes seconds since 1970 from a JSON number; the fraction becomes nanoseconds (a Double keeps about
    /// microsecond precision for current dates).
    ///
    /// - Throws: `DecodingError` when the value is not a number.
    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(Double.self)
        self.init(seconds: Int64(value.rounded(.down)), nanoseconds: UInt32((value - value.rounded(.down)) * 1e9))
    }

    /// Encodes seconds since 1970 as a JSON number (a Double: about microsecond precision for current dates).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Double(seconds) + Double(nanoseconds) / 1e9)
    }
}
