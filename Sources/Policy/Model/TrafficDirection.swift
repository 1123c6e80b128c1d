/// Which side of a packet a rule's endpoint keys (`net`, `host`, `port`, `mac`, `vm`, `tag`) look at.
///
/// Direction is relative to the endpoint the rule names: `out` means that endpoint
/// is the sender (its address, port, MAC is the packet's source), `in` that it is the
/// receiver (destination), `both` either one. On a tap interface of a VM, a rule
/// `{ vm: web-1, direction: out }` therefore selects what web-1 sends and
/// `direction: in` what it receives.
public enum TrafficDirection: String, Hashable, Sendable, CaseIterable, Codable {
    /// `in`: the named endpoint receives (it is the packet's destination).
    case inbound = "in"
    /// `out`: the named endpoint sends (it is the packet's source).
    case outbound = "out"
    /// `both`: the named endpoint sends or receives.
    case both

    /// True when the packet's source side is examined.
    @inlinable public var includesSource: Bool { self != .inbound }
    /// True when the packet's destination side is examined.
    @inlinable public var includesDestination: Bool { self != .outbound }
}
