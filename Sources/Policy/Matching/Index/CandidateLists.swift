/// Lists of rule indices in ascending order, stored back to back; a list is
/// named by its class ID. Class 0 is always the empty list.
struct CandidateLists: Sendable {
    private(set) var entries: [Int32] = []
    /// `offsets[c] ..< offsets[c + 1]` are class `c`'s entries.
    private(set) var offsets: [Int32] = [0, 0]
    private var classes: [[Int32]: UInt32] = [[]: 0]

    init() {}

    /// The class ID of `rules` (sorted ascending), adding it when new.
    mutating func classID(of rules: [Int32]) -> UInt32 {
        if let id = classes[rules] { return id }
        let id = UInt32(offsets.count - 1)
        entries += rules
        offsets.append(Int32(entries.count))
        classes[rules] = id
        return id
    }

    /// Drops the dedup table once building is over.
    mutating func finish() { classes = [:] }

    var classCount: Int { offsets.count - 1 }
}
