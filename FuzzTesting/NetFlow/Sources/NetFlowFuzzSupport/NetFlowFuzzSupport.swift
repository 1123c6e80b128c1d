import NetFlow
import NetworkTypes

/// Feeds one fuzzer input to the collector's decoder as a datagram of
/// `version` (the version field is forced so every run exercises that
/// decoder), twice, so that templates learned in the first pass shape the
/// second. Errors are expected; a trap is a bug.
public func fuzzNetFlowDecoder(_ start: UnsafePointer<UInt8>, _ count: Int, version: UInt8) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: start, count: count))
    if bytes.count >= 2 {
        bytes[0] = 0
        bytes[1] = version
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
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// Runs libFuzzer's driver with `callback` (SwiftPM renames an executable's
/// `main`, so each target exports `<Target>_main` calling this).
public func runFuzzDriver(
    _ argc: CInt,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}
