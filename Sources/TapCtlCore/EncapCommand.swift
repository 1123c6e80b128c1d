import ArgumentParser
import GRE
import NetworkTypes
import PacketCore
import TapVocabulary
import TunnelTransport

/// `tapctl encap --read FILE --to DEST ... (--write-encap OUT.pcap | --send)`: every frame to every destination.
public struct EncapCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "encap",
        abstract: "Encapsulate every frame of a capture to one or more tunnel destinations (no policy).",
        discussion: """
            Destinations are KIND:ADDRESS[,options]: gre:ADDR[,key=N][,seq][,csum], erspan2:ADDR,session=N,
            erspan3:ADDR,session=N[,hw=N], vxlan:ADDR,vni=N[,port=N], gre-udp:ADDR[,key=N][,seq][,csum][,port=N].
            Every kind also takes mtu=N, fragment (instead of truncating at the MTU), snap=N, ttl=N, dscp=N,
            rate=BITS_PER_SECOND, raw (send VXLAN/GRE-in-UDP on a raw socket) and name=NAME.
            GRE and ERSPAN are sent on raw sockets (root); VXLAN and GRE-in-UDP on UDP sockets (no root).

            Examples:
              tapctl encap --read in.pcap --to gre:192.0.2.10,key=100 --write-encap o.pcap
              tapctl encap --read in.pcap --source 198.18.0.1 --to vxlan:198.18.0.2,vni=42
            """
    )

    @Option(name: .long, help: "The capture to encapsulate.", completion: .file())
    public var read: String

    @Option(name: .customLong("to"), help: "A destination KIND:ADDRESS[,options] (repeatable).")
    public var destinations: [String]

    @Option(name: .long, help: "Outer source address (default: unspecified, the kernel's choice for UDP).")
    public var source: String?

    @Option(
        name: .customLong("write-encap"),
        help: "Write the outer packets to this pcap instead of sending.",
        completion: .file()
    )
    public var writeEncap: String?

    @Flag(help: "Send the packets to the destinations.")
    public var send = false

    public init() {}

    public func validate() throws {
        guard (writeEncap == nil) == send else {
            throw ValidationError("give exactly one of --write-encap OUT.pcap or --send")
        }
        guard !destinations.isEmpty else { throw ValidationError("give at least one --to destination") }
        if let writeEncap { try CaptureOutputPath.check(writeEncap, option: "--write-encap", pcapng: false) }
    }

    public func run() async throws {
        var outerSource: IPAddress?
        if let source {
            guard let parsed = IPAddress(source) else {
                throw CommandFailure("--source \(source) is not an IP address")
            }
            outerSource = parsed
        }
        let parsed = try destinations.map { try TunnelDestinationArgument.parse($0, source: outerSource) }
        try OuterSourceCheck.require(parsed, writingFile: writeEncap != nil, option: "--source")
        let output: any TunnelOutput
        do {
            if let writeEncap {
                output = try TunnelPcapOutput(path: writeEncap, destinations: parsed)
            } else {
                output = try TunnelSender(destinations: parsed)
            }
        } catch let error as CaptureFileError { throw CommandFailure(error.description) } catch let error
            as TransportError
        { throw CommandFailure(error.description) }
        let reader: CaptureFileReader
        do { reader = try CaptureFileReader(path: read) } catch { throw CommandFailure(error.description) }
        let decoder = PacketDecoder()
        var packet = DecodedPacket()
        while true {
            let record: CaptureRecord?
            do { record = try reader.next() } catch { throw CommandFailure(error.description) }
            guard let record else { break }
            reader.withCurrentFrame { frame in
                let flowHash: UInt32
                do throws(WireError) {
                    try decoder.decode(
                        frame,
                        linkType: record.linkType,
                        wireLength: record.originalLength,
                        into: &packet
                    )
                    flowHash = FlowEntropy.hash(packet)
                } catch { flowHash = 0 }
                for index in parsed.indices {
                    output.send(frame, to: index, flowHash: flowHash, timestamp: record.timestamp)
                }
            }
        }
        do { try output.flush() } catch { throw CommandFailure(error.description) }
        if let pcap = output as? TunnelPcapOutput {
            do { try pcap.close() } catch { throw CommandFailure(error.description) }
        }
        print(DestinationTable.render(output.destinations, output.counters))
    }
}

/// The per-destination counter table `tapctl encap` and `tapctl tap` print.
enum DestinationTable {
    static func render(_ destinations: [TunnelDestination], _ counters: [DestinationCounters]) -> String {
        var lines = [
            "destination                      encap      frames    packets        bytes  truncated fragmented  dropped  errors"
        ]
        for (destination, c) in zip(destinations, counters) {
            lines.append(
                destination.name.padding(toLength: 32, withPad: " ", startingAt: 0)
                    + destination.encapsulation.name.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + String(c.frames).rightJustified(9) + String(c.packets).rightJustified(11)
                    + String(c.bytes).rightJustified(13)
                    + String(c.truncated).rightJustified(11) + String(c.fragmented).rightJustified(11)
                    + String(c.droppedByCap).rightJustified(9) + String(c.sendErrors).rightJustified(8)
            )
        }
        return lines.joined(separator: "\n")
    }
}
