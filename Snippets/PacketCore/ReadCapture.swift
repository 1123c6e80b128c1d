// Reads a pcap or pcapng file (also .gz) and counts its frames by transport protocol.
//
// Usage: ReadCapture [CAPTURE]   (default: the bundled Samples/sample.pcapng)
import NetworkTypes
import PacketCore

let path = CommandLine.arguments.dropFirst().first ?? "Samples/sample.pcapng"
let reader = try CaptureFileReader(path: path)
let decoder = PacketDecoder()
var packet = DecodedPacket()  // reused for every frame: the loop allocates nothing per frame
var frames = 0
var tcp = 0
var udp = 0
var malformed = 0
while let record = try reader.next() {
    frames += 1
    reader.withCurrentFrame { frame in  // `frame` is valid only inside this closure
        do throws(WireError) {
            try decoder.decode(frame, linkType: record.linkType, wireLength: record.originalLength, into: &packet)
            if packet.isIP && packet.ipProtocol == IPProtocolNumber.tcp { tcp += 1 }
            if packet.isIP && packet.ipProtocol == IPProtocolNumber.udp { udp += 1 }
        } catch {
            malformed += 1  // error.layer and error.offset say where the frame broke
        }
    }
}
print("frames=\(frames) tcp=\(tcp) udp=\(udp) malformed=\(malformed)")
