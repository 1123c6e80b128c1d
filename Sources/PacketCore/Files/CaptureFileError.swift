/// A capture file could not be read or written. Says where: the file, the
/// 1-based record number being read (0 for the file header), and the byte
/// offset in the uncompressed stream. Every record before `recordNumber` was
/// delivered intact.
public struct CaptureFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem it is.
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

    /// What kind of problem it is.
    public var code: Code
    /// The file's path (or the source's name).
    public var path: String
    /// 1-based number of the record that failed, 0 for the file header.
    public var recordNumber: Int
    /// Byte offset in the uncompressed stream.
    public var offset: Int64
    /// The details: the field and value, or the system's or zlib's reason.
    public var message: String

    /// An error with the given parts.
    public init(code: Code, path: String, recordNumber: Int, offset: Int64, message: String) {
        self.code = code
        self.path = path
        self.recordNumber = recordNumber
        self.offset = offset
        self.message = message
    }

    /// `PATH: record N at byte OFFSET: code: message` (`file header` for record 0).
    public var description: String {
        let place = recordNumber == 0 ? "file header" : "record \(recordNumber)"
        return "\(path): \(place) at byte \(offset): \(code.rawValue): \(message)"
    }
}
