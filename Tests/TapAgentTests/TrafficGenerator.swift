import Foundation

/// A UDP sender run inside a VM namespace (/usr/bin/python3, standard library only). Every datagram
/// carries `VTAG <from> <to> <port> <sequence>`; the sender logs `<sequence> <unix time>` per datagram
/// so tests can compare what arrived with what was sent, and when.
enum TrafficGenerator {
    static let script = """
        import socket, sys, time
        src, dst, port, count, interval, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        with open(log, "w") as out:
            for i in range(count):
                s.sendto(("VTAG %s %s %d %06d " % (src, dst, port, i)).encode() + b"x" * 40, (dst, port))
                out.write("%d %.6f\\n" % (i, time.time()))
                if interval > 0:
                    time.sleep(interval)  # paced: the send times are what the checks compare with
        """

    static func write(to directory: URL) throws -> String {
        let path = directory.appendingPathComponent("send.py").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The payload prefix of one datagram, as the receiver will see it.
    static func payload(from: String, to: String, port: Int, sequence: Int) -> String {
        String(format: "VTAG %@ %@ %d %06d ", from, to, port, sequence)
    }
}
