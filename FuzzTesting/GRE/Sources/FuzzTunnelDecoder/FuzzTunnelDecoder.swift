import GRE
import PacketCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = RawSpan(_elements: Span(_unsafeStart: start, count: count))
    // The first byte picks the outer link type; the rest is the packet.
    guard count > 0 else { return 0 }
    let linkTypes: [LinkType] = [.ethernet, .raw, .linuxCooked, .ipv4]
    let linkType = linkTypes[Int(bytes.byteAt(0)) % linkTypes.count]
    let packet = bytes.extracting(1..<count)
    var decoded = DecapsulatedPacket()
    if let status = try? TunnelDecoder().decode(packet, linkType: linkType, into: &decoded), status == .decapsulated {
        let inner = packet.extracting(decoded.innerRange)
        _ = FrameDeduplicator.hash(inner, linkType: decoded.innerLinkType)
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzTunnelDecoder_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
}
