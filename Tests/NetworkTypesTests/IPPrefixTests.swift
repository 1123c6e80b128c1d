import Testing

@testable import NetworkTypes

@Suite struct IPPrefixTests {
    @Test func parsesAndContains() throws {
        let p = try IPPrefix.parse("10.1.0.0/16")
        #expect(p.contains(IPAddress("10.1.2.3")!))
        #expect(!p.contains(IPAddress("10.2.0.1")!))
        #expect(try IPPrefix.parse("0.0.0.0/0").contains(IPAddress("255.1.1.1")!))
    }
    @Test func rejectsHostBits() {
        #expect(throws: IPPrefix.ParseError.hostBitsSet("10.1.0.1/16")) { try IPPrefix.parse("10.1.0.1/16") }
    }
    @Test func ipv6TextRoundTrips() {
        for text in ["::", "::1", "fd00::10:1:2:3", "2001:db8::12", "fe80::1:0:0:1", "1:2:3:4:5:6:7:8"] {
            #expect(IPv6Address(text)?.description == text)
        }
        #expect(IPv6Address("::ffff:192.0.2.1")?.description == "::ffff:c000:201")
        #expect(IPv6Address("1::2::3") == nil)
    }
    @Test func macParsing() {
        #expect(MACAddress("02:00:0A:01:00:05")?.description == "02:00:0a:01:00:05")
        #expect(MACAddress("02:00:0a:01:00") == nil)
        #expect(MACAddress.broadcast.isMulticast)
    }
}
