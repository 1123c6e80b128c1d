/// What `tapctl decap` saw: per source tunnel and in total.
public struct DecapReport: Sendable, Codable {
    /// What one source tunnel delivered.
    public struct Source: Sendable, Codable {
        /// The tunnel as `TunnelSource.description` names it (`gre 198.18.0.1 key 100`): also its pcapng interface
        /// name.
        public var name: String
        /// Inner frames decapsulated from this tunnel.
        public var frames = 0
        /// Bytes of those inner frames as captured.
        public var bytes = 0
        /// Frames the sender flagged or we found truncated.
        public var truncated = 0
        /// From sequence numbers (GRE S bit, ERSPAN); 0 when the tunnel has none.
        public var lost = 0
        /// Sequence numbers that arrived after a higher one (late, not lost); 0 without sequence numbers.
        public var reordered = 0
        /// Sequence numbers seen twice within the last 64; 0 without sequence numbers.
        public var duplicateSequenceNumbers = 0
        /// True when the tunnel carried sequence numbers, so loss could be counted.
        public var sequenced = false
    }

    /// One entry per source tunnel, in `TunnelSource` order.
    public var sources: [Source] = []
    /// The files written, in order (more than one when rotating).
    public var files: [String] = []
    /// Inner frames written.
    public var written = 0
    /// Copies removed by `--dedup`.
    public var duplicatesRemoved = 0
    /// Tunnel packets that could not be decoded (skipped).
    public var malformed = 0
    /// Well-formed tunnel packets this decoder does not handle (skipped): ERSPAN
    /// type I, ERSPAN III frame types other than Ethernet/IP, Geneve with a
    /// critical option or an unknown version.
    public var unsupported = 0
    /// Packets that were not GRE/ERSPAN/VXLAN (skipped).
    public var notTunnel = 0
    /// Packets the capture's snap length cut inside their tunnel headers (skipped).
    public var truncated = 0
    /// Outer packets rebuilt from IP fragments.
    public var reassembled = 0
    /// Fragmented packets abandoned (timed out or evicted).
    public var fragmentsExpired = 0
    /// Frames not written because a .pcap output has one link type (use .pcapng).
    public var otherLinkType = 0
    /// The first malformed or unsupported packets with their reason.
    public var firstMalformed: [String] = []

    /// An empty report.
    public init() {}
}
