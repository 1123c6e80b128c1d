/// A capture file could not be read or written. Says where: the file, the
/// 1-based record number being read (0 for the file header), and the byte
/// offset in the uncompressed stream. Every record before `recordNumber` was
/// delivered intact.
public struct CaptureFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// Not a pcap or pcapng file (unknown magic).
        case notACaptureFile = "not a capture file"
        /// The file ends inside a header or a record.
        case truncated
        /// A length field is impossible (larger than any snap length, smaller than its header, mismatched trailer).
        case badLength = "bad length"
        /// A structural field is wrong (unknown interface, bad byte-order magic, unsupported version).
        case malformed
        /// Opening, reading, writing or decompressing failed.
        case io = "I/O error"
    }

    public var code: Code
    public var path: String
    /// 1-based number of the record that failed, 0 for the file header.
    public var recordNumber: Int
    /// Byte offset in the uncompressed stream.
    public var offset: Int64
    public var message: String

    public init(code: Code, path: String, recordNumber: Int, offset: Int64, message: String) {
        self.code = code
        self.path = path
        self.recordNumber = recordNumber
        self.offset = offset
        self.message = message
    }

    public var description: String {
        let place = recordNumber == 0 ? "file header" : "record \(recordNumber)"
        return "\(path): \(place) at byte \(offset): \(code.rawValue): \(message)"
    }
}
