import Foundation
import Glibc
import NetworkTypes
import Sockets
import Testing

/// The socket layer against the kernel itself: loopback UDP, a Unix datagram pair whose reader
/// never reads (a full socket buffer, for real), and a signal that interrupts a blocked call.
@Suite struct SocketsTests {
    @Test func errnoNamesTheCodesAndReadsTheCLibrarysText() {
        #expect(Errno.wouldBlock.rawValue == EAGAIN && Errno.wouldBlock.rawValue == EWOULDBLOCK)
        #expect(Errno.interrupted.rawValue == EINTR)
        #expect(Errno.connectionRefused.description == String(cString: strerror(ECONNREFUSED)))
        #expect(Errno.notPermitted.isPermissionProblem && Errno.permissionDenied.isPermissionProblem)
        #expect(!Errno.wouldBlock.isPermissionProblem)
    }

    @Test func anInterruptedCallIsRetriedInOnePlace() throws {
        // A handler without SA_RESTART: a blocked read returns EINTR when the signal arrives.
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        action.sa_flags = 0
        sigemptyset(&action.sa_mask)
        var previous = sigaction()
        try #require(sigaction(SIGUSR2, &action, &previous) == 0)
        defer { sigaction(SIGUSR2, &previous, nil) }
        var pipeEnds: [Int32] = [0, 0]
        try #require(pipe(&pipeEnds) == 0)
        defer {
            close(pipeEnds[0])
            close(pipeEnds[1])
        }
        // The test runs on a pool thread that may block signals: let SIGUSR2 through on it.
        var unblock = sigset_t()
        var previousMask = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGUSR2)
        pthread_sigmask(SIG_UNBLOCK, &unblock, &previousMask)
        defer { pthread_sigmask(SIG_SETMASK, &previousMask, nil) }
        let reader = pthread_self()
        let writeEnd = pipeEnds[1]
        // Interrupt the first read, interrupt the second, then give it a byte; the pauses are the
        // scenario (a read blocked when each signal arrives), not a wait for a condition.
        let other = Thread {
            usleep(150_000)
            pthread_kill(reader, SIGUSR2)
            usleep(150_000)
            pthread_kill(reader, SIGUSR2)
            usleep(150_000)
            var byte = UInt8(ascii: "x")
            _ = write(writeEnd, &byte, 1)
        }
        other.start()
        var byte: UInt8 = 0
        var calls = 0
        let once = valueOrErrno(retryOnInterrupt: false) { () -> Int in
            calls += 1
            return read(pipeEnds[0], &byte, 1)
        }
        #expect(once == .failure(.interrupted))
        #expect(calls == 1)
        calls = 0
        let retried = valueOrErrno(retryOnInterrupt: true) { () -> Int in
            calls += 1
            return read(pipeEnds[0], &byte, 1)
        }
        #expect(retried == .success(1))
        #expect(calls == 2, "one interrupted call, one retry")
        #expect(byte == UInt8(ascii: "x"))
    }

    @Test func aBatchGoesOutWithSendmmsgAndComesBackWithRecvmmsg() throws {
        let receiver = try DatagramSocket(.udp, ipv6: false)
        try receiver.bind(SocketAddress(address: .v4(IPv4Address(127, 0, 0, 1))))
        let listening = try #require(try receiver.localAddress())
        #expect(listening.port != 0)
        let sender = try DatagramSocket(.udp, ipv6: false)
        try sender.connect(listening)
        let source = try #require(try sender.localAddress())

        var batch = DatagramBatch(capacity: 40)
        let datagrams: [[UInt8]] = (0..<40).map { index in [UInt8](repeating: UInt8(index), count: 10 + index * 31) }
        for datagram in datagrams {
            #expect(batch.fits(datagram.count) && !batch.isFull)
            datagram.withUnsafeBytes { batch.append($0.bytes) }
        }
        #expect(batch.isFull && batch.count == 40)
        let result = sender.send(batch, whenFull: .wait)
        #expect(result.sent == 40 && result.droppedBusy == 0 && result.failed == 0)
        #expect(result.bytes == datagrams.reduce(0) { $0 + $1.count })

        let slots = ReceiveBatch(count: 16, datagramCapacity: 2048)
        var received: [[UInt8]] = []
        var sources: Set<SocketAddress> = []
        for _ in 0..<100 where received.count < datagrams.count {
            let count = try receiver.receive(into: slots)
            if count == 0 { usleep(1000) }  // bounded poll: at most 100 turns
            for slot in 0..<count {
                slots.withDatagram(at: slot) { bytes, from in
                    received.append(bytes.withUnsafeBytes { Array($0) })
                    if let from { sources.insert(from) }
                }
            }
        }
        #expect(received == datagrams)
        #expect(sources == [source])
        #expect(try receiver.receive(into: slots) == 0, "nothing waiting: no wait, no error")
    }

    @Test func aFullSocketBufferDropsAndCountsInsteadOfWaiting() throws {
        // A Unix datagram pair whose reader never reads: its queue fills, and a send that must not
        // wait gets EAGAIN from the kernel.
        var ends: [Int32] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0, &ends) == 0)
        let sender = DatagramSocket(adopting: SocketDescriptor(owning: ends[0]))
        let reader = DatagramSocket(adopting: SocketDescriptor(owning: ends[1]))
        var batch = DatagramBatch(capacity: 64)
        let datagram = [UInt8](repeating: 7, count: 1000)
        while !batch.isFull { datagram.withUnsafeBytes { batch.append($0.bytes) } }
        var sent = 0
        var dropped = 0
        var calls = 0
        let started = Date()
        while dropped == 0 && calls < 10_000 {
            let result = sender.send(batch, whenFull: .drop)
            #expect(result.sent + result.droppedBusy + result.failed == 64)
            #expect(result.failed == 0, "\(String(describing: result.lastError))")
            sent += result.sent
            dropped += result.droppedBusy
            calls += 1
        }
        #expect(dropped > 0, "the queue never filled after \(sent) datagrams")
        #expect(Date().timeIntervalSince(started) < 5, "a send with .drop waited")
        // Everything the kernel took is waiting for the reader; what was dropped is not.
        let slots = ReceiveBatch(count: 64, datagramCapacity: 2048)
        var waiting = 0
        while case let count = try reader.receive(into: slots), count > 0 { waiting += count }
        #expect(waiting == sent)
    }

    @Test func addressesResolveFromLiteralsAndNames() throws {
        #expect(SocketAddress(host: "127.0.0.1", port: 9)?.address == .v4(IPv4Address(127, 0, 0, 1)))
        #expect(SocketAddress(host: "[::1]", port: 9)?.address == IPAddress("::1"))
        let local = try #require(SocketAddress(host: "localhost", port: 2055))
        #expect(local.port == 2055)
        #expect(local.address == .v4(IPv4Address(127, 0, 0, 1)) || local.address == IPAddress("::1"))
        #expect(SocketAddress(host: "no-such-host.invalid", port: 1) == nil)
    }
}
