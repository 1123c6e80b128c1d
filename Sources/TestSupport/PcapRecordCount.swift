import Foundation

/// Counts the records of a classic pcap file that a peer (tcpdump -U) is still writing, to wait
/// for a capture to reach a number of frames.
public enum PcapRecordCount {
    /// The complete records in the pcap file at `path` (either byte order); a record cut short
    /// by a writer that has not finished it is not counted. Nil when the file is missing or has
    /// no complete pcap header yet.
    public static func of(_ path: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 24 else { return nil }
        let bytes = [UInt8](data)
        let magic = UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
        let littleEndian: Bool
        switch magic {
        case 0xa1b2_c3d4, 0xa1b2_3c4d: littleEndian = true
        case 0xd4c3_b2a1, 0x4d3c_b2a1: littleEndian = false
        default: return nil
        }
        func word(at offset: Int) -> Int {
            let b = bytes[offset..<offset + 4].map(Int.init)
            return littleEndian
                ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 : b[3] | b[2] << 8 | b[1] << 16 | b[0] << 24
        }
        var offset = 24
        var count = 0
        while offset + 16 <= bytes.count {
            let end = offset + 16 + word(at: offset + 8)
            guard end <= bytes.count else { break }
            offset = end
            count += 1
        }
        return count
    }
}
