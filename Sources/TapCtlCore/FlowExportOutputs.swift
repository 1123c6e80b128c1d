import FlowTransport
import NetFlow

/// Where `tapctl flows` puts its datagrams: a UDP collector, a pcap file, or both.
struct FlowExportOutputs: DatagramSink {
    var sender: UDPDatagramSender?
    var recorder: DatagramPcapRecorder?

    mutating func send(_ datagram: RawSpan) {
        sender?.send(datagram)
        recorder?.record(datagram)
    }

    mutating func flushIfDue() {
        sender?.flushIfDue()
        recorder?.flushIfDue()
    }
}
