import GRE
import PacketCore
import TapVocabulary

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = RawSpan(_elements: Span(_unsafeStart: start, count: count))
    var decoded = DecapsulatedPacket()
    _ = try? VXLANHeader(decoding: bytes)
    _ = try? TunnelDecoder().decodeUDPPayload(bytes, at: 0, destinationPort: VXLANHeader.udpPort, into: &decoded)
    _ = try? TunnelDecoder().decodeUDPPayload(
        bytes,
        at: 0,
        destinationPort: TunnelEncapsulation.greInUDPPort,
        into: &decoded
    )
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzVXLAN_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
}
