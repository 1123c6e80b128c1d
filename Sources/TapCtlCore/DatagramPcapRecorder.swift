import Foundation
import NetFlow
import NetworkTypes
import PacketCore

/// Writes export datagrams to a pcap file (link type raw IPv4) as
/// IPv4/UDP packets from `source` to `destination`, so tshark and
/// `tapctl collect --read` can decode them. A datagram reaches the file within half a second
/// once `flushIfDue()` or the next `record` sees it due.
final class DatagramPcapRecorder {
    let writer: PcapWriter
    let source: IPv4Address
    let destination: IPv4Address
    let sourcePort: UInt16
    let destinationPort: UInt16
    private var identification: UInt16 = 0

    init(
        path: String,
        source: IPv4Address,
        destination: IPv4Address,
        sourcePort: UInt16,
        destinationPort: UInt16
    ) throws {
        do { writer = try PcapWriter(path: path, header: PcapFileHeader(linkType: .raw)) } catch {
            throw CommandFailure(error.description)
        }
        writer.maximumDelayNanoseconds = 500_000_000
        self.source = source
        self.destination = destination
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
    }

    func record(_ datagram: RawSpan) {
        let total = IPv4Header.encodedLength + UDPHeader.encodedLength + datagram.byteCount
        identification &+= 1
        let ip = IPv4Header(
            totalLength: UInt16(total),
            identification: identification,
            protocolNumber: IPProtocolNumber.udp,
            source: source,
            destination: destination
        )
        let udp = UDPHeader(
            sourcePort: sourcePort,
            destinationPort: destinationPort,
            length: UInt16(UDPHeader.encodedLength + datagram.byteCount)
        )
        var frame = [UInt8](repeating: 0, count: total)
        frame.withUnsafeMutableBytes { raw in
            var out = unsafe OutputRawSpan(buffer: raw, initializedCount: 0)
            ip.emit(into: &out)
            udp.emit(into: &out)
            unsafe _ = out.finalize(for: raw)
        }
        for i in 0..<datagram.byteCount {
            frame[IPv4Header.encodedLength + UDPHeader.encodedLength + i] = datagram.byteAt(i)
        }
        let now = Date().timeIntervalSince1970
        let seconds = Int64(now)
        try? writer.write(
            frame,
            timestamp: CaptureTimestamp(seconds: seconds, nanoseconds: UInt32((now - Double(seconds)) * 1e9))
        )
    }

    /// Writes the datagrams that have waited long enough (no system call otherwise).
    func flushIfDue() {
        try? writer.flushIfDue()
    }

    func close() throws {
        do { try writer.close() } catch { throw CommandFailure(error.description) }
    }
}
