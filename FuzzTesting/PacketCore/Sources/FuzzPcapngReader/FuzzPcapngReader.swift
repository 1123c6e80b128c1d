import PacketCore
import PacketCoreFuzzSupport

/// Reads arbitrary bytes as a capture file through `CaptureFileReader`: every
/// record, every frame byte, every frame decoded. Input: byte 0 chooses the
/// source (see `CaptureFileChecks.readEveryRecord`); the rest is the file,
/// headers included. The seed corpus is real pcapng files (sections,
/// interfaces with options, enhanced and simple packet blocks, both byte orders).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    CaptureFileChecks.readEveryRecord(Array(UnsafeBufferPointer(start: start, count: count)))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzPcapngReader_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
}
