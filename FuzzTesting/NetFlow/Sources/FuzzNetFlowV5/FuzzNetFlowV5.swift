import NetFlowFuzzSupport

/// The collector's NetFlow decoder on version-5 datagrams.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt { fuzzNetFlowDecoder(start, count, version: 5) }

@_cdecl("FuzzNetFlowV5_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzDriver(argc, argv, fuzz)
}
