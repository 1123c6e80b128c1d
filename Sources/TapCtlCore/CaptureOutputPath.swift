import ArgumentParser

/// The names a capture file written by `tapctl` may have: the format follows
/// the extension, so any other name is refused rather than silently written as pcap.
/// A device (`/dev/null`, `/dev/stdout`, `/dev/fd/N`) has no extension and gets pcap.
enum CaptureOutputPath {
    /// Throws a `ValidationError` naming `option` when `path` does not end in
    /// .pcap or .pcap.gz (or, when `pcapng` is allowed, .pcapng or .pcapng.gz).
    static func check(_ path: String, option: String, pcapng: Bool) throws {
        let allowed = pcapng ? [".pcap", ".pcap.gz", ".pcapng", ".pcapng.gz"] : [".pcap", ".pcap.gz"]
        guard !allowed.contains(where: { path.hasSuffix($0) }), !path.hasPrefix("/dev/") else { return }
        let names = pcapng ? ".pcapng (or .pcapng.gz) or .pcap (or .pcap.gz)" : ".pcap (or .pcap.gz)"
        throw ValidationError("\(option) \(path): the file format follows the name; end it in \(names)")
    }
}
