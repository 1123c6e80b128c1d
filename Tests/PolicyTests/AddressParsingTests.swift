import NetworkTypes
import Testing
@testable import Policy

@Suite struct AddressParsingTests {
    /// The parser's dotted-quad fast path must accept exactly what NetworkTypes accepts.
    @Test func fastPathAgreesWithNetworkTypes() {
        var g = SeededGenerator(seed: 11)
        let pieces = ["0", "1", "9", "10", "01", "00", "255", "256", "999", "1000", "", ".", "a", " ", "-1", "+1"]
        var texts = ["0.0.0.0", "255.255.255.255", "10.1.2.3", "1.2.3", "1.2.3.4.5", "1..2.3", "01.2.3.4", "1.2.3.04"]
        for _ in 0..<5000 {
            let count = Int.random(in: 1...6, using: &g)
            texts.append((0..<count).map { _ in pieces.randomElement(using: &g)! }.joined(separator: Bool.random(using: &g) ? "." : ""))
        }
        for text in texts {
            #expect(PolicyNodeReader.dottedQuad(text) == IPv4Address(text), "\(text)")
        }
    }
}
