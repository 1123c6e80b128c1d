import TapVocabulary

/// Refuses IPv6 destinations whose outer source would be the unspecified
/// address `::`: a packet from `::` must not leave a host (RFC 4291 §2.5.2),
/// and a raw IPv6 socket sending our own header does not fill it in (the
/// kernel does for IPv4's 0.0.0.0, and a UDP socket picks the route's source).
enum OuterSourceCheck {
    static func require(_ destinations: [TunnelDestination], writingFile: Bool, option: String) throws {
        for destination in destinations where destination.isIPv6 && destination.source == nil {
            guard writingFile || destination.transport == .raw else { continue }
            throw CommandFailure(
                "destination \(destination.name) (\(destination.address)) has no IPv6 outer source: "
                    + "give \(option) ADDRESS (an address of this host), or source: in the policy"
            )
        }
    }
}
