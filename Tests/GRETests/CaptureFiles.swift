import Foundation
import PacketCore

/// Writes frames to an Ethernet pcap and reads every frame of a capture back.
enum CaptureFiles {
    static func write(
        _ frames: [[UInt8]],
        to path: String,
        linkType: LinkType = .ethernet,
        timestamps: [CaptureTimestamp]? = nil
    ) throws {
        let writer = try PcapWriter(path: path, header: PcapFileHeader(linkType: linkType, nanosecond: true))
        for (index, frame) in frames.enumerated() {
            let timestamp =
                timestamps?[index] ?? CaptureTimestamp(seconds: 1_700_000_000 + Int64(index), nanoseconds: 500)
            try writer.write(frame, timestamp: timestamp)
        }
        try writer.close()
    }

    static func read(_ path: String) throws -> [(record: CaptureRecord, frame: [UInt8])] {
        let reader = try CaptureFileReader(path: path)
        var frames: [(CaptureRecord, [UInt8])] = []
        while let record = try reader.next() { frames.append((record, reader.currentFrame())) }
        return frames
    }
}
