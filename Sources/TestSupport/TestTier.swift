import Foundation
import Testing

/// The test tiers. `swift test` alone runs the unit tier: no root, no network
/// beyond loopback, no tool but `python3` (for the repository's own
/// `tools/gen_pcap.py`) and the built `tapctl`. The other tiers are switched on
/// by environment variables, which `scripts/test.sh` sets; once switched on, a
/// missing tool or missing privilege is a failure, never a skip.
public enum TestTier {
    /// `VTAP_INTEROP=1`: tests against independent peers (tshark, tcpdump,
    /// editcap, Scapy, PyYAML, nfdump, softflowd, virsh, govmomi's vcsim, Go).
    public static var interop: Bool { isSet("VTAP_INTEROP") }

    /// `VTAP_LABS=1`: tests that build network namespaces, veth pairs and kernel
    /// tunnel devices (root needed).
    public static var labs: Bool { isSet("VTAP_LABS") }

    private static func isSet(_ name: String) -> Bool {
        ProcessInfo.processInfo.environment[name] == "1"
    }
}

extension Tag {
    /// Runs an independent peer (see `TestTier.interop`).
    @Tag public static var interop: Self
    /// Builds network namespaces and kernel devices (see `TestTier.labs`).
    @Tag public static var namespaceLab: Self
}

extension Trait where Self == ConditionTrait {
    /// On when `VTAP_INTEROP=1` (scripts/test.sh sets it).
    public static var interopTier: Self {
        .enabled(if: TestTier.interop, "needs independent peers (tshark, Scapy, nfdump, ...): set VTAP_INTEROP=1")
    }

    /// On when `VTAP_LABS=1` (scripts/test.sh sets it, running as root).
    public static var namespaceLabTier: Self {
        .enabled(if: TestTier.labs, "needs root for network namespaces: set VTAP_LABS=1 and run as root")
    }
}
