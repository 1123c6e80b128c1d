import PacketCore
import PacketCoreFuzzSupport

/// Decodes arbitrary bytes as a frame of every link type PacketCore knows.
/// Input: byte 0 chooses the link type (low 3 bits) and whether the capture
/// claims a longer wire length (bit 3: snap-length truncation); the rest is the frame.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let linkTypes: [LinkType] = [.ethernet, .raw, .ipv4, .ipv6, .linuxCooked, .ethernet, .raw, LinkType(rawValue: 147)]
    let selector = start.pointee
    let span = Span(_unsafeStart: start + 1, count: count - 1)
    let frame = RawSpan(_elements: span)
    let wireLength = selector & 0x08 != 0 ? frame.byteCount + 1 + Int(selector >> 4) * 100 : nil
    FrameChecks.decodeAndTouch(frame, linkType: linkTypes[Int(selector & 0x07)], wireLength: wireLength)
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzPacketDecoder_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
}
