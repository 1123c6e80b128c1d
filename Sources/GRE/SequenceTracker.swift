/// Counts loss, reordering and duplicates of one tunnel source from its
/// sequence numbers (GRE RFC 2890 / ERSPAN), with a 64-packet reorder window.
///
/// A gap counts its missing numbers as lost; a number that arrives late
/// within the window takes one back and counts as reordered; one seen twice
/// is a duplicate. Sequence numbers wrap at 2^32 (RFC 2890 §2.2).
public struct SequenceTracker: Hashable, Sendable {
    /// Sequence numbers observed, duplicates included.
    public private(set) var received = 0
    /// Numbers skipped and not (yet) seen.
    public private(set) var lost = 0
    /// Numbers that arrived after a higher one (late, not lost); each one found also takes one off ``lost``.
    public private(set) var reordered = 0
    /// Numbers seen again within the last 64 (or equal to the highest).
    public private(set) var duplicates = 0
    /// Highest number seen so far.
    public private(set) var highest: UInt32 = 0
    private var window: UInt64 = 0
    private var started = false

    /// A tracker that has seen nothing: the first number observed starts the stream.
    public init() {}

    /// Continues a stream whose last number seen (before a restart) was `last`: the first number
    /// observed is compared with it, so the numbers missed in between count as lost.
    public init(resumingAfter last: UInt32) {
        started = true
        highest = last
        window = 1
    }

    /// Counts `sequence`: a jump ahead adds the numbers skipped to ``lost``; a number up to 63 behind the highest is a
    /// duplicate or a late arrival; one further behind counts as reordered. Wraps at 2^32.
    public mutating func observe(_ sequence: UInt32) {
        received += 1
        guard started else {
            started = true
            highest = sequence
            window = 1
            return
        }
        let delta = Int32(bitPattern: sequence &- highest)
        if delta > 0 {
            window = delta >= 64 ? 1 : (window << UInt64(delta)) | 1
            lost += Int(delta) - 1
            highest = sequence
        } else if delta == 0 {
            duplicates += 1
        } else {
            let distance = -Int(delta)
            if distance < 64 {
                let bit = UInt64(1) << UInt64(distance)
                if window & bit != 0 {
                    duplicates += 1
                } else {
                    window |= bit
                    reordered += 1
                    lost -= 1
                }
            } else {
                reordered += 1
                if lost > 0 { lost -= 1 }
            }
        }
    }
}
