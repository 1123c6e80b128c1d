import ArgumentParser
import Foundation
import GRE
import NetworkTypes
import PacketCore
import Synchronization
import TapVocabulary
import TunnelTransport

/// `tapctl decap (--listen ADDR | --read FILE) --write OUT [--vxlan-port P] [--geneve-port P] [--dedup] [--count N] [--duration S]`.
public struct DecapCommand: AsyncParsableCommand {
    /// The subcommand's name (`decap`), abstract and discussion with examples, as `tapctl decap --help` prints them.
    public static let configuration = CommandConfiguration(
        commandName: "decap",
        abstract: "Receive GRE, ERSPAN II/III, VXLAN, Geneve and GRE-in-UDP and write the inner frames.",
        discussion: """
            Listens on raw GRE (needs root) and UDP ports, or reads an encapsulated capture, and writes
            the inner frames with their original timestamps to pcap or pcapng (one pcapng interface per
            source tunnel, named after it). Reports per-source loss and reordering from sequence numbers;
            --dedup removes copies of a frame seen again within a short window. Malformed tunnel packets
            are counted and skipped.

            --listen takes gre:ADDR, vxlan:ADDR[:PORT], gre-udp:ADDR[:PORT], geneve:ADDR[:PORT], or ADDR
            for all four. --vxlan-port and --geneve-port name the UDP ports VXLAN and Geneve use (Linux's
            vxlan devices default to 8472; the IANA ports are 4789 and 6081).
            While listening, frames reach the file within a second (a reader can follow it with
            tail -f OUT | tshark -r -, and a killed receiver leaves every frame older than that), and
            the last sequence number per source is kept in OUT.seqstate (--sequence-state), so a
            restarted receiver counts the numbers sent while it was down as lost.
            -C MB and -G SECONDS start a new numbered file (OUT-1.pcapng, ...) by size or age.

            Examples:
              tapctl decap --read encapsulated.pcap --write inner.pcapng
              tapctl decap --listen vxlan:127.0.0.1:4789 --write in.pcapng --count 1000
              tapctl decap --read ovs.pcap --vxlan-port 8472 --write inner.pcapng
              sudo tapctl decap --listen 0.0.0.0 --write in.pcapng --dedup --duration 60
            """
    )

    /// `--listen WHERE` (repeatable): `gre:ADDR`, `vxlan:ADDR[:PORT]`, `gre-udp:ADDR[:PORT]`, `geneve:ADDR[:PORT]`, or
    /// a bare `ADDR` for all four; exactly one of this and `read`.
    @Option(
        name: .long,
        help:
            "Where to receive: gre:ADDR, vxlan:ADDR[:PORT], gre-udp:ADDR[:PORT], geneve:ADDR[:PORT] or ADDR (repeatable)."
    )
    public var listen: [String] = []

    /// `--vxlan-port P`: the UDP port taken as VXLAN where none is given (4789 by default; Linux vxlan devices use
    /// 8472).
    @Option(
        name: .customLong("vxlan-port"),
        help: "UDP port carrying VXLAN (default 4789; Linux vxlan devices use 8472)."
    )
    public var vxlanPort: UInt16?

    /// `--geneve-port P`: the UDP port taken as Geneve where none is given (6081 by default).
    @Option(name: .customLong("geneve-port"), help: "UDP port carrying Geneve (default 6081).")
    public var genevePort: UInt16?

    /// `--read FILE`: an encapsulated capture (pcap, pcapng, `.gz`) to decapsulate instead of listening.
    @Option(
        name: .long,
        help: "Read an encapsulated capture (pcap, pcapng, .gz) instead of listening.",
        completion: .file()
    )
    public var read: String?

    /// `--write OUT`: the output, `.pcapng` (one interface per source tunnel) or `.pcap`.
    @Option(name: .long, help: "Output file: .pcapng (one interface per source tunnel) or .pcap.", completion: .file())
    public var write: String

    /// `--dedup`: drop copies of a frame seen again within the dedup window.
    @Flag(help: "Remove copies of the same frame seen within the dedup window.")
    public var dedup = false

    /// `--dedup-window-ms MS`: how long a frame's copies count as duplicates (50 ms by default, positive).
    @Option(name: .customLong("dedup-window-ms"), help: "Dedup window in milliseconds.")
    public var dedupWindowMilliseconds: Int = 50

    /// `--count N`: stop after writing N frames (positive).
    @Option(help: "Stop after writing N frames.")
    public var count: Int?

    /// `--duration S`: stop listening after S seconds (positive).
    @Option(help: "Stop after S seconds (listening).")
    public var duration: Double?

    /// `--sequence-state FILE`: where the last sequence number per source is kept across restarts while listening
    /// (`OUT.seqstate` by default, `none` for nowhere).
    @Option(
        name: .customLong("sequence-state"),
        help:
            "Listening: keep the last sequence number per source here (default: OUT.seqstate; 'none' to keep nothing).",
        completion: .file()
    )
    public var sequenceState: String?

    /// `-C MB`: start a new numbered file (OUT-1, OUT-2, ...) once the current one holds MB million bytes.
    @Option(
        name: .customShort("C"),
        help: "Start a new numbered file (OUT-1, OUT-2, ...) once the current one holds MB million bytes."
    )
    public var fileSize: Int?

    /// `-G S`, listening only: start a new numbered file every S seconds.
    @Option(name: .customShort("G"), help: "Listening: start a new numbered file every S seconds.")
    public var rotateSeconds: Int?

    /// `--json`: print the report as JSON.
    @Flag(help: "Print the report as JSON.")
    public var json = false

    /// A command with every option at its default; ArgumentParser fills them from the arguments.
    public init() {}

    /// Checks the options before `run()`: exactly one of `--read` and `--listen`, an output named `.pcapng`, `.pcap`
    /// (or either `.gz`) or a device under `/dev/`, positive counts, durations, window, `-C` and `-G` (`-G` only while
    /// listening), and three different non-zero UDP ports for VXLAN, Geneve and GRE-in-UDP.
    ///
    /// - Throws: `ValidationError` naming the option.
    public func validate() throws {
        guard (read == nil) != listen.isEmpty else {
            throw ValidationError("give exactly one of --read FILE or --listen ADDR")
        }
        try CaptureOutputPath.check(write, option: "--write", pcapng: true)
        if let count, count <= 0 { throw ValidationError("--count must be positive") }
        if let duration, duration <= 0 { throw ValidationError("--duration must be positive") }
        guard dedupWindowMilliseconds > 0 else { throw ValidationError("--dedup-window-ms must be positive") }
        if let fileSize, fileSize <= 0 { throw ValidationError("-C must be a positive number of million bytes") }
        if let rotateSeconds, rotateSeconds <= 0 { throw ValidationError("-G must be a positive number of seconds") }
        if rotateSeconds != nil, read != nil {
            throw ValidationError("-G rotates by the clock while listening; with --read use -C")
        }
        let ports = [
            vxlanPort ?? TunnelEncapsulation.vxlanPort, genevePort ?? TunnelEncapsulation.genevePort,
            TunnelEncapsulation.greInUDPPort,
        ]
        guard Set(ports).count == ports.count, !ports.contains(0) else {
            throw ValidationError("--vxlan-port, --geneve-port and GRE-in-UDP's 4754 must be different, non-zero ports")
        }
    }

    /// The listeners `--listen` names, with `--vxlan-port` / `--geneve-port` for those without a port.
    func listeners() throws -> [TunnelListener] {
        var listeners: [TunnelListener] = []
        for text in listen {
            guard let parsed = TunnelListener.parse(text) else {
                throw CommandFailure(
                    "--listen \(text): expected gre:ADDR, vxlan:ADDR[:PORT], gre-udp:ADDR[:PORT], geneve:ADDR[:PORT] or ADDR"
                )
            }
            // A listener without its own port is parsed with the IANA port: --vxlan-port / --geneve-port replace it.
            listeners += parsed.map { listener in
                switch listener {
                case .vxlan(let address, let port):
                    .vxlan(address, port: port == TunnelEncapsulation.vxlanPort ? vxlanPort ?? port : port)
                case .geneve(let address, let port):
                    .geneve(address, port: port == TunnelEncapsulation.genevePort ? genevePort ?? port : port)
                default: listener
                }
            }
        }
        return listeners
    }

    /// Decapsulates the capture, or listens until `--count`, `--duration` or SIGINT, writes the inner frames and prints
    /// the per-source report.
    ///
    /// - Throws: `CommandFailure` when a listener cannot be opened, the input cannot be read (frames before the
    ///   damage are written) or the output cannot be written.
    public func run() async throws {
        var options = DecapSession.Options()
        options.dedup = dedup
        options.dedupWindowNanoseconds = Int64(dedupWindowMilliseconds) * 1_000_000
        options.rotateAfterBytes = fileSize.map { $0 * 1_000_000 }
        options.rotateAfterSeconds = rotateSeconds
        options.decoder.vxlanPort = vxlanPort ?? TunnelEncapsulation.vxlanPort
        options.decoder.genevePort = genevePort ?? TunnelEncapsulation.genevePort
        let listeners = try self.listeners()
        for listener in listeners {
            // A UDP port given with --listen tells the decoder which tunnel that port carries.
            switch listener {
            case .greInUDP(_, let port): options.decoder.greInUDPPort = port
            case .vxlan(_, let port): options.decoder.vxlanPort = port
            case .geneve(_, let port): options.decoder.genevePort = port
            case .gre: break
            }
        }
        if !listen.isEmpty {
            options.maximumDelayNanoseconds = 500_000_000
            let statePath = sequenceState ?? write + ".seqstate"
            if statePath != "none" { options.sequenceState = SequenceStateFile(path: statePath) }
        }
        let session: DecapSession
        do { session = try DecapSession(writingTo: write, options: options) } catch {
            throw CommandFailure(error.description)
        }
        let limit = count ?? Int.max
        if let read {
            try readFile(read, into: session, limit: limit)
        } else {
            try listen(listeners, into: session, limit: limit)
        }
        let report: DecapReport
        do { report = try session.finish() } catch { throw CommandFailure(error.description) }
        print(json ? report.jsonText : report.table)
    }

    private func readFile(_ path: String, into session: DecapSession, limit: Int) throws {
        let reader: CaptureFileReader
        do { reader = try CaptureFileReader(path: path) } catch { throw CommandFailure(error.description) }
        var failure: CaptureFileError?
        var warned: Set<LinkType> = []
        while session.written < limit {
            let record: CaptureRecord?
            do { record = try reader.next() } catch {
                throw CommandFailure("\(error.description) (frames before it were written)")
            }
            guard let record else { break }
            if !record.linkType.isDecoded, warned.insert(record.linkType).inserted {
                printWarning(
                    "link type \(record.linkType) (\(record.linkType.rawValue)) is not decoded: its frames are counted as unsupported"
                )
            }
            reader.withCurrentFrame { bytes in
                do throws(CaptureFileError) {
                    try session.handle(
                        bytes,
                        linkType: record.linkType,
                        timestamp: record.timestamp,
                        originalLength: record.originalLength,
                        where: "\(path) frame \(record.number)"
                    )
                } catch { failure = error }
            }
            if let failure { throw CommandFailure(failure.description) }
        }
    }

    private func listen(_ listeners: [TunnelListener], into session: DecapSession, limit: Int) throws {
        let receiver: TunnelReceiver
        do { receiver = try TunnelReceiver(listeners: listeners) } catch {
            guard error.errno == EADDRNOTAVAIL else { throw CommandFailure(error.description) }
            // A raw GRE socket has no port: the socket layer's "port 0" would only mislead.
            var addresses: [String] = []
            for listener in listeners {
                let address = listener.address.description
                if !listener.address.isUnspecified, !addresses.contains(address) { addresses.append(address) }
            }
            throw CommandFailure(
                "--listen: \(addresses.joined(separator: ", ")) \(addresses.count == 1 ? "is not an address" : "are not all addresses") "
                    + "of this host; listen on one of its own addresses, or on 0.0.0.0 or :: for all of them"
            )
        }
        StopSignal.install()
        let deadline = duration.map { Date().addingTimeInterval($0) }
        var failure: CaptureFileError?
        while session.written < limit, !StopSignal.requested.load(ordering: .relaxed) {
            if let deadline, Date() >= deadline { break }
            do {
                _ = try receiver.receive(timeoutMilliseconds: 100) { datagram, bytes, timestamp in
                    guard failure == nil, session.written < limit else { return }
                    do throws(CaptureFileError) {
                        switch datagram {
                        case .ipPacket:
                            try session.handle(bytes, linkType: .ipv4, timestamp: timestamp)
                        case .grePayload(let source):
                            try session.handleGREPayload(bytes, source: source, timestamp: timestamp)
                        case .udpPayload(let source, let sourcePort, let port):
                            try session.handleUDPPayload(
                                bytes,
                                source: source,
                                sourcePort: sourcePort,
                                port: port,
                                timestamp: timestamp
                            )
                        }
                    } catch { failure = error }
                }
            } catch { throw CommandFailure(error.description) }
            if let failure { throw CommandFailure(failure.description) }
            do throws(CaptureFileError) { try session.flushIfDue() } catch { throw CommandFailure(error.description) }
        }
    }
}

extension TunnelListener {
    /// The local address the listener binds to.
    var address: IPAddress {
        switch self {
        case .gre(let address), .vxlan(let address, _), .greInUDP(let address, _), .geneve(let address, _): address
        }
    }
}

extension IPAddress {
    /// True for 0.0.0.0 and ::.
    var isUnspecified: Bool { self == .v4(IPv4Address(rawValue: 0)) || self == .v6(IPv6Address(rawValue: 0)) }
}

/// SIGINT/SIGTERM/SIGHUP ask a listening command to stop and close its files cleanly.
enum StopSignal {
    static let requested = Atomic<Bool>(false)

    static func install() {
        signal(SIGINT) { _ in StopSignal.requested.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in StopSignal.requested.store(true, ordering: .relaxed) }
        signal(SIGHUP) { _ in StopSignal.requested.store(true, ordering: .relaxed) }
    }
}

extension DecapReport {
    var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }

    var table: String {
        var lines = ["source tunnel                              frames        bytes  truncated   lost  reordered"]
        for source in sources {
            let loss = source.sequenced ? String(source.lost) : "-"
            let reordered = source.sequenced ? String(source.reordered) : "-"
            lines.append(
                source.name.padding(toLength: 38, withPad: " ", startingAt: 0)
                    + pad(source.frames, 11) + pad(source.bytes, 13) + pad(source.truncated, 11)
                    + loss.rightJustified(7) + reordered.rightJustified(11)
            )
        }
        if files.count > 1 { lines.append("files: \(files.joined(separator: ", "))") }
        lines.append(
            "written \(written), duplicates removed \(duplicatesRemoved), malformed \(malformed), unsupported \(unsupported), "
                + "not a tunnel \(notTunnel), truncated \(truncated), reassembled \(reassembled), fragments expired \(fragmentsExpired)"
                + (otherLinkType > 0 ? ", other link type \(otherLinkType) (write .pcapng to keep them)" : "")
        )
        for reason in firstMalformed { lines.append("  skipped: \(reason)") }
        return lines.joined(separator: "\n")
    }

    private func pad(_ value: Int, _ width: Int) -> String { String(value).rightJustified(width) }
}

extension String {
    /// The string right-aligned in a column of `width` characters (at least one space before it when wider).
    func rightJustified(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
