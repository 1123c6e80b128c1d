import PacketCore
import Policy

/// Feeds arbitrary bytes to the policy parser as YAML text; every policy that parses
/// is also reviewed for warnings, compiled, and asked about a few packets. Errors
/// are expected; traps are bugs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    guard let policy = try? PolicyParser(file: "fuzz.yaml").parse(text) else { return 0 }
    _ = PolicyWarnings.find(in: policy)
    let compiled = CompiledPolicy(policy)
    var packet = DecodedPacket()
    _ = compiled.decide(packet)
    packet.ipVersion = 4
    packet.layers = [.ethernet, .ipv4, .tcp]
    packet.ipProtocol = 6
    packet.destinationPort = 443
    _ = compiled.decide(packet)
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzPolicyParser_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
}
