import NetFlow
import NetworkTypes

/// Feeds the input to the collector's decoder as a version-5 datagram (the
/// version field is forced so every run exercises that decoder), twice, so
/// that templates learned from the first pass shape the second.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: start, count: count))
    if bytes.count >= 2 {
        bytes[0] = 0
        bytes[1] = 5
    }
    var decoder = FlowMessageDecoder()
    var sink = CollectedFlowList()
    let exporter = ExporterID(address: .v4(IPv4Address(127, 0, 0, 1)), port: 2055)
    for _ in 0..<2 {
        try? decoder.decode(RawSpan(_elements: bytes.span), from: exporter, receivedMilliseconds: 1, into: &sink)
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("FuzzNetFlowV5_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
}
