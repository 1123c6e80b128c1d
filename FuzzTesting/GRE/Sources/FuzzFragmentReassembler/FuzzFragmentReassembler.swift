import GRE
import PacketCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = RawSpan(_elements: Span(_unsafeStart: start, count: count))
    // Several fragments in one input: each is [length byte][raw IP packet bytes].
    var reassembler = FragmentReassembler(slotCount: 2)
    var cursor = 0
    var time: Int64 = 0
    while cursor < count {
        let length = Int(bytes.byteAt(cursor)) * 8
        let end = min(cursor + 1 + length, count)
        let packet = bytes.extracting((cursor + 1)..<end)
        cursor = end
        time += 1_000_000
        var decoded = DecapsulatedPacket()
        guard let status = try? TunnelDecoder().decode(packet, linkType: .raw, into: &decoded), status == .fragment
        else { continue }
        if (try? reassembler.add(packet, fragment: decoded, timestampNanoseconds: time)) == true {
            reassembler.withReassembled { whole in
                var inner = DecapsulatedPacket()
                _ = try? TunnelDecoder().decode(whole, linkType: .raw, into: &inner)
            }
        }
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzFragmentReassembler_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
}
