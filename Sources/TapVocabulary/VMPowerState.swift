/// The power state of a virtual machine as its hypervisor reports it.
public enum VMPowerState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Powered on (libvirt: running or blocked; vSphere: `poweredOn`).
    case running
    /// Paused by the hypervisor, memory kept (libvirt only).
    case paused
    /// Powered off or shutting down (libvirt: shutoff or shutdown; vSphere: `poweredOff`); spelled `shutoff` in files
    /// and JSON.
    case shutOff = "shutoff"
    /// Suspended (libvirt: PM-suspended by the guest; vSphere: `suspended`).
    case suspended
    /// Stopped by a crash (libvirt only).
    case crashed
    /// A state the source did not report or that has no equivalent here.
    case unknown

}
