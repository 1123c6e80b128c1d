// Loads a tap policy, compiles it and counts, per rule, the frames of a capture it chooses.
//
// Usage: MatchCapture [POLICY [CAPTURE]]   (default: the bundled sample policy and capture)
import PacketCore
import Policy

let arguments = Array(CommandLine.arguments.dropFirst())
let policyPath = arguments.first ?? "Samples/sample-policy.yaml"
let capturePath = arguments.dropFirst().first ?? "Samples/sample.pcapng"

// Parsing throws a PolicyFileError that prints as FILE:LINE:COLUMN: error: ...
let policy = try PolicyParser.load(path: policyPath)
let compiled = CompiledPolicy(policy)  // immutable and Sendable: share it between threads
var hits = [String: Int]()

let reader = try CaptureFileReader(path: capturePath)
let decoder = PacketDecoder()
var packet = DecodedPacket()
while let record = try reader.next() {
    let decoded = reader.withCurrentFrame { frame in
        (try? decoder.decode(frame, linkType: record.linkType, wireLength: record.originalLength, into: &packet))
            != nil
    }
    guard decoded else { continue }
    let decision = compiled.decide(packet)  // allocation-free: the rule and a bit set of destinations
    if !decision.destinations.isEmpty { hits[compiled.ruleName(decision), default: 0] += 1 }
}
for (rule, count) in hits.sorted(by: { $0.key < $1.key }) { print("\(rule)=\(count)") }
