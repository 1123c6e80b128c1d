import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a `CaptureFileReader` gets its bytes: a file (plain or gzip), or memory.
public protocol CaptureByteSource: AnyObject {
    /// A name for error messages (the path, or "<memory>").
    var name: String { get }
    /// Reads up to `count` bytes into `buffer[offset...]`; returns 0 at end of input.
    func read(into buffer: inout [UInt8], offset: Int, count: Int) throws(CaptureFileError) -> Int
}

/// A source the reader fills in place, without a temporary array (every
/// source PacketCore defines). Other conforming types go through
/// `read(into:offset:count:)`.
protocol DirectByteSource: CaptureByteSource {
    /// Reads up to `destination.count` bytes into `destination`; returns 0 at end of input.
    func read(into destination: UnsafeMutableRawBufferPointer) throws(CaptureFileError) -> Int
    /// True when reading costs enough (a system call, inflating) to be worth a
    /// background thread (`ReadAheadFiller`); false for memory.
    var isWorthReadingAhead: Bool { get }
}

extension DirectByteSource {
    /// `CaptureByteSource.read(into:offset:count:)` through the in-place read.
    func readInPlace(into buffer: inout [UInt8], offset: Int, count: Int) throws(CaptureFileError) -> Int {
        precondition(offset >= 0 && count >= 0 && offset + count <= buffer.count)
        let result = unsafe buffer.withUnsafeMutableBytes { raw in
            Result { () throws(CaptureFileError) in
                try unsafe read(into: UnsafeMutableRawBufferPointer(rebasing: raw[offset..<(offset + count)]))
            }
        }
        return try result.get()
    }
}

/// Serves bytes from memory (tests, fuzzing, data received over a socket).
public final class MemoryByteSource: CaptureByteSource {
    /// The name given at creation, for error messages.
    public let name: String
    private let bytes: [UInt8]
    private var position = 0

    /// A source serving `bytes`, named `name` in errors.
    public init(_ bytes: [UInt8], name: String = "<memory>") {
        self.bytes = bytes
        self.name = name
    }

    /// Copies up to `count` of the remaining bytes into `buffer[offset...]`; 0 at the end. Never throws.
    public func read(into buffer: inout [UInt8], offset: Int, count: Int) throws(CaptureFileError) -> Int {
        let n = min(count, bytes.count - position)
        if n > 0 {
            buffer.replaceSubrange(offset..<(offset + n), with: bytes[position..<(position + n)])
            position += n
        }
        return n
    }
}

extension MemoryByteSource: DirectByteSource {
    var isWorthReadingAhead: Bool { false }

    func read(into destination: UnsafeMutableRawBufferPointer) throws(CaptureFileError) -> Int {
        let n = min(destination.count, bytes.count - position)
        if n > 0 {
            unsafe bytes.withUnsafeBytes { source in
                unsafe destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<(position + n)]))
            }
            position += n
        }
        return n
    }
}
