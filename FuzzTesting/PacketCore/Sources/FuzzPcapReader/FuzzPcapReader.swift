import PacketCore
import PacketCoreFuzzSupport

/// Reads arbitrary pcap records through `CaptureFileReader`: every record,
/// every frame byte, every frame decoded. Input: byte 0 chooses the source
/// (see `CaptureFileChecks.readEveryRecord`), byte 1 the file header put in
/// front (`CaptureFileChecks.pcapHeader(variant:)`: µs or ns, either byte
/// order, link type, snap length); the rest are the records. The seed corpus
/// is the records of real pcap files. (FuzzPcapngReader fuzzes whole files,
/// headers included.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count >= 2 else { return 0 }
    let input = UnsafeBufferPointer(start: start, count: count)
    CaptureFileChecks.readEveryRecord([input[0]] + CaptureFileChecks.pcapHeader(variant: input[1]) + input.dropFirst(2))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzPcapReader_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
}
