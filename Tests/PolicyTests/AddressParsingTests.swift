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
            texts.append(
                (0..<count).map { _ in pieces.randomElement(using: &g)! }.joined(
                    separator: Bool.random(using: &g) ? "." : ""
                )
            )
        }
        for text in texts {
            #expect(PolicyNodeReader.dottedQuad(text) == IPv4Address(text), "\(text)")
        }
    }

    /// The prefix fast path returns only what `IPPrefix.parse` returns, and declines the rest.
    @Test func prefixFastPathAgreesWithNetworkTypes() {
        var g = SeededGenerator(seed: 12)
        let addresses = [
            "0.0.0.0", "10.1.2.0", "10.1.2.3", "192.168.0.16", "255.255.255.255", "01.2.3.4", "1.2.3", "::1", "",
        ]
        let lengths = [
            "", "/", "/0", "/8", "/24", "/28", "/30", "/32", "/33", "/08", "/008", "/x", "/-1", "/+8", "/ 8", "//8",
        ]
        var texts: [String] = []
        for address in addresses { for length in lengths { texts.append(address + length) } }
        for _ in 0..<3000 {
            let octets = (0..<4).map { _ in String(Int.random(in: 0...256, using: &g)) }.joined(separator: ".")
            texts.append(octets + "/" + String(Int.random(in: 0...34, using: &g)))
        }
        var taken = 0
        for text in texts {
            guard let fast = PolicyNodeReader.dottedQuadPrefix(text) else { continue }
            taken += 1
            #expect(fast == (try? IPPrefix.parse(text, strict: true)), "\(text)")
        }
        #expect(taken > 100)
    }

    /// The MAC fast path returns only what `MACAddress` returns, and declines the rest.
    @Test func macFastPathAgreesWithNetworkTypes() {
        var g = SeededGenerator(seed: 13)
        let pieces = ["02", "ff", "FF", "aB", "9c", "00", "0", "000", "g0", ":", "-", ""]
        var texts = [
            "02:00:0a:01:00:05", "02-00-0a-01-00-05", "02:00:0a:01:00:05:", "02:00:0a:01:00", "02:00:0A:01:00:5",
        ]
        for _ in 0..<5000 {
            let count = Int.random(in: 5...7, using: &g)
            let separator = [":", ":", ":", "-", ""].randomElement(using: &g)!
            texts.append((0..<count).map { _ in pieces.randomElement(using: &g)! }.joined(separator: separator))
        }
        var taken = 0
        for text in texts {
            guard let fast = PolicyNodeReader.colonSeparatedMAC(text) else { continue }
            taken += 1
            #expect(fast == MACAddress(text), "\(text)")
        }
        #expect(taken > 10)
    }
}
