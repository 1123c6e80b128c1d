import Synchronization
import TapVocabulary

/// The policy in force, replaceable while packets are being matched.
///
/// Readers take a snapshot with `current` (a reference copy under a lock, no
/// allocation) and match with it; `replace(with:)` swaps in a new compiled policy
/// atomically. A packet is matched entirely by the snapshot it was given, so it
/// sees the old policy or the new one, never a mix. Take one snapshot per batch of
/// packets to keep the lock out of the per-packet path.
public final class LivePolicy: Sendable {
    private let state: Mutex<(policy: CompiledPolicy, generation: UInt64)>

    /// Puts `initial` in force as generation 1.
    public init(_ initial: CompiledPolicy) { state = Mutex((initial, 1)) }

    /// The policy in force now.
    public var current: CompiledPolicy { state.withLock { $0.policy } }

    /// The policy in force and its generation (1 for the initial policy, +1 per replacement).
    public var snapshot: (policy: CompiledPolicy, generation: UInt64) { state.withLock { $0 } }

    /// Installs `policy`; returns the new generation.
    @discardableResult
    public func replace(with policy: CompiledPolicy) -> UInt64 {
        state.withLock { state in
            state = (policy, state.generation + 1)
            return state.generation
        }
    }

    /// Parses and compiles `path` and installs it. On any error the policy in force
    /// stays, and the error is thrown. Returns the warnings of the new policy.
    @discardableResult
    public func reload(
        contentsOf path: String,
        virtualMachines: [VirtualMachine]? = nil
    ) throws(PolicyFileError)
        -> [PolicyDiagnostic]
    {
        let policy = try PolicyParser.load(path: path)
        let compiled = CompiledPolicy(policy, virtualMachines: virtualMachines)
        replace(with: compiled)
        return PolicyWarnings.find(in: policy, virtualMachines: virtualMachines)
    }
}
