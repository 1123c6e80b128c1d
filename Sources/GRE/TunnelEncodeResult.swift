/// What `TunnelEncoder.encode` produced for one frame.
public struct TunnelEncodeResult: Hashable, Sendable {
    /// Outer IP packets ready in the encoder (1, or more when fragmented).
    public var packetCount: Int
    /// The inner frame was cut (snap length or MTU); ERSPAN's T bit is set.
    public var truncated: Bool
    /// The outer packet was split into IP fragments.
    public var fragmented: Bool
    /// Bytes of the inner frame carried.
    public var carriedLength: Int
    /// Length of the unfragmented outer IP packet as emitted.
    public var packetLength: Int
    /// Length the unfragmented outer packet would have had with the whole frame.
    public var fullLength: Int
    /// Sum of the lengths of the packets ready to send.
    public var emittedBytes: Int

    /// A result with the given values; all zero and false by default.
    public init(
        packetCount: Int = 0,
        truncated: Bool = false,
        fragmented: Bool = false,
        carriedLength: Int = 0,
        packetLength: Int = 0,
        fullLength: Int = 0,
        emittedBytes: Int = 0
    ) {
        self.packetCount = packetCount
        self.truncated = truncated
        self.fragmented = fragmented
        self.carriedLength = carriedLength
        self.packetLength = packetLength
        self.fullLength = fullLength
        self.emittedBytes = emittedBytes
    }
}
