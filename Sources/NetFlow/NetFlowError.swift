/// The one error of the NetFlow packet path: what went wrong, in which kind of
/// message, and at which byte offset from the start of the datagram.
///
/// Small and trivially copyable, so that throwing it through
/// `throws(NetFlowError)` never allocates.
public struct NetFlowError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An opaque, extensible error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        @usableFromInline enum Backing: UInt8, Sendable {
            case truncated, malformed, unsupportedVersion, badTemplate, tooLarge
        }
        @usableFromInline let backing: Backing
        @inlinable init(_ backing: Backing) { self.backing = backing }

        /// The bytes end before a header, set or record says they should.
        public static let truncated = Code(.truncated)
        /// A field holds a value the protocol forbids (a length below the
        /// minimum, a set ID in the reserved range, a count that lies).
        public static let malformed = Code(.malformed)
        /// The version field is not 5, 9 or 10.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// A template or options template that cannot describe records
        /// (zero-length field, scope count above field count, ...).
        public static let badTemplate = Code(.badTemplate)
        /// A structure exceeds a hard limit (too many fields in a template).
        public static let tooLarge = Code(.tooLarge)

        /// The code's name: `truncated`, `malformed`, `unsupported version`, `bad template` or `too large`.
        public var description: String {
            switch backing {
            case .truncated: "truncated"
            case .malformed: "malformed"
            case .unsupportedVersion: "unsupported version"
            case .badTemplate: "bad template"
            case .tooLarge: "too large"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The NetFlow version of the message (5, 9, 10), 0 when not known.
    public var version: UInt16
    /// Byte offset from the start of the datagram.
    public var offset: Int32

    /// An error of `code` in a message of `version` (0 when unknown) at byte `offset` of the datagram.
    @inlinable
    public init(code: Code, version: UInt16, offset: Int) {
        self.code = code
        self.version = version
        self.offset = Int32(truncatingIfNeeded: offset)
    }

    /// `IPFIX: code at byte N` (or `NetFlow v9: ...`, `NetFlow: ...` when the version is unknown).
    public var description: String {
        let kind = version == 10 ? "IPFIX" : version == 0 ? "NetFlow" : "NetFlow v\(version)"
        return "\(kind): \(code) at byte \(offset)"
    }
}
