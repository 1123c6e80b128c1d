import NetworkTypes
import TapVocabulary

/// Chooses VMs by name pattern or by tag (what a policy's `vm:` / `tag:` terms mean).
public enum VMSelector: Sendable, Hashable, CustomStringConvertible {
    /// VMs whose name matches the glob (`web-*`).
    case name(GlobPattern)
    /// VMs carrying the tag (exact, case-sensitive).
    case tag(String)

    /// `tag:NAME` selects by tag; anything else is a name glob.
    public init(_ text: String) {
        if text.hasPrefix("tag:") {
            self = .tag(String(text.dropFirst(4)))
        } else {
            self = .name(GlobPattern(text))
        }
    }

    /// True when the VM's name matches the glob, or the VM carries the tag.
    public func matches(_ vm: VirtualMachine) -> Bool {
        switch self {
        case .name(let glob): glob.matches(vm.name)
        case .tag(let tag): vm.tags.contains(tag)
        }
    }

    /// The selector as it is written: the glob, or `tag:NAME`.
    public var description: String {
        switch self {
        case .name(let glob): glob.pattern
        case .tag(let tag): "tag:" + tag
        }
    }
}
