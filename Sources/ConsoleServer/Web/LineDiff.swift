/// A line diff of two texts by longest common subsequence: every line of `old` and `new` once,
/// as kept, removed or added, in order.
struct LineDiff {
    enum Kind: String { case same, removed, added }

    var lines: [(kind: Kind, text: String)] = []

    init(old: String, new: String) {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // lengths[i][j]: the LCS length of a[i...] and b[j...], flattened.
        let width = b.count + 1
        var lengths = [Int32](repeating: 0, count: (a.count + 1) * width)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i * width + j] =
                    a[i] == b[j]
                    ? lengths[(i + 1) * width + j + 1] + 1
                    : max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
            }
        }
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                lines.append((.same, a[i]))
                i += 1
                j += 1
            } else if j < b.count, i == a.count || lengths[i * width + j + 1] >= lengths[(i + 1) * width + j] {
                lines.append((.added, b[j]))
                j += 1
            } else {
                lines.append((.removed, a[i]))
                i += 1
            }
        }
    }
}
