import NetworkTypes
import Policy
import TapVocabulary

/// The BPF filter each capture installs in the kernel: the agent's own traffic out
/// (`OwnTrafficFilter`) and, unless every owned frame is metered into flows, only the frames the
/// policy may tap in (`CaptureFilter`, a superset of the tapped frames). Frames the policy ignores
/// then never reach the capture ring, so an agent whose policy selects nothing of a VM's traffic
/// costs that traffic one BPF run per frame and no copy.
enum KernelFilter {
    /// The expression for one capture (empty: no filter). `policyFilter` is false when flow export
    /// is on (flows are metered for every owned frame, whatever the policy says).
    static func expression(
        policy: TapPolicy,
        virtualMachines: [VirtualMachine],
        destinations: [TunnelDestination],
        collector: (address: IPAddress, port: UInt16)?,
        excludingSource: MACAddress?,
        policyFilter: Bool
    ) -> String {
        let own = OwnTrafficFilter.expression(
            destinations: destinations,
            collector: collector,
            excludingSource: excludingSource
        )
        guard policyFilter, let selected = CaptureFilter.expression(for: policy, virtualMachines: virtualMachines)
        else { return own }
        // The policy's expression goes last: it ends in `vlan`, which shifts the offsets of any term after it.
        return own.isEmpty ? selected : "(\(own)) and (\(selected))"
    }
}
