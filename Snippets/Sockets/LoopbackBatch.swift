// Sends a batch of UDP datagrams to itself on loopback with one sendmmsg and reads them back with
// recvmmsg: the socket layer the tunnels and the flow exporter share. Needs no privilege.
//
// Usage: LoopbackBatch [COUNT]   (default 8, at most DatagramBatch.maximumCount)
import Glibc
import NetworkTypes
import Sockets

let count = min(Int(CommandLine.arguments.dropFirst().first ?? "") ?? 8, DatagramBatch.maximumCount)
let receiver = try DatagramSocket(.udp, ipv6: false)
try receiver.bind(SocketAddress(address: .v4(IPv4Address(127, 0, 0, 1))))  // port 0: the kernel picks one
guard let local = try receiver.localAddress() else { fatalError("no local address") }
let sender = try DatagramSocket(.udp, ipv6: false)

var batch = DatagramBatch(capacity: count)  // one buffer, made once, reused batch after batch
for index in 0..<count {
    let payload: [UInt8] = Array("datagram \(index)".utf8)
    batch.append(payload.span.bytes)
}
// .wait blocks for room when the socket buffer is full; .drop never blocks and counts the drops.
let sent = sender.send(batch, to: local, whenFull: .wait)
print("sent=\(sent.sent) bytes=\(sent.bytes) dropped=\(sent.droppedBusy) failed=\(sent.failed)")

let slots = ReceiveBatch(count: count)
var received = 0
var receivedBytes = 0
var waits = 0
while received < sent.sent && waits < 1000 {
    let got = try receiver.receive(into: slots)  // never blocks: 0 when nothing is waiting
    for slot in 0..<got { receivedBytes += slots.withDatagram(at: slot) { bytes, _ in bytes.byteCount } }
    received += got
    if got == 0 {
        waits += 1
        usleep(1000)
    }
}
print("received=\(received) bytes=\(receivedBytes) from \(local)")
