import ArgumentParser
import GRE
import NetworkTypes
import PacketCore
import TapVocabulary
import TunnelTransport

/// `tapctl encap --read FILE --to DEST ... (--write-encap OUT.pcap | --send)`: every frame to every destination.
public struct EncapCommand: AsyncParsableCommand {
    /// The subcommand's name (`encap`), abstract and discussion with examples, as `tapctl encap --help` prints them.
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

    /// `--read FILE`: the capture whose every frame is encapsulated.
    @Option(name: .long, help: "The capture to encapsulate.", completion: .file())
    public var read: String

    /// `--to KIND:ADDRESS[,options]` (repeatable, at least one): the destinations: KIND `gre`, `erspan2`, `erspan3`,
    /// `vxlan`, `gre-udp` or `geneve`, and the options `tapctl encap --help` lists.
    @Option(name: .customLong("to"), help: "A destination KIND:ADDRESS[,options] (repeatable).")
    public var destinations: [String]

    /// `--source ADDR`: the outer source address (unspecified by default: the kernel chooses for UDP).
    @Option(name: .long, help: "Outer source address (default: unspecified, the kernel's choice for UDP).")
    public var source: String?

    /// `--write-encap OUT.pcap`: write the outer packets to this pcap instead of sending; exactly one of this and
    /// `send`.
    @Option(
        name: .customLong("write-encap"),
        help: "Write the outer packets to this pcap instead of sending.",
        completion: .file()
    )
    public var writeEncap: String?

    /// `--send`: send the packets to the destinations (raw sockets need root).
    @Flag(help: "Send the packets to the destinations.")
    public var send = false

    /// A command with every option at its default; ArgumentParser fills them from the arguments.
    public init() {}

    /// Checks the options before `run()`: exactly one of `--write-encap` and `--send`, at least one `--to`, and an
    /// output named `.pcap` (or `.pcap.gz`) or a device under `/dev/`.
    ///
    /// - Throws: `ValidationError` naming the option.
    public func validate() throws {
        guard (writeEncap == nil) == send else {
            throw ValidationError("give exactly one of --write-encap OUT.pcap or --send")
        }
        guard !destinations.isEmpty else { throw ValidationError("give at least one --to destination") }
        if let writeEncap { try CaptureOutputPath.check(writeEncap, option: "--write-encap", pcapng: false) }
    }

    /// Encapsulates every frame for every destination, writes or sends the packets, and prints the per-destination
    /// counters.
    ///
    /// - Throws: `CommandFailure` for a bad `--source` or `--to`, an output or socket that cannot be opened, or an
    ///   unreadable capture.
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
