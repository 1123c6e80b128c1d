/// Which way a frame crossed a VM's host-side interface, seen from the VM.
public enum CaptureDirection: String, Hashable, Sendable, Codable, CaseIterable {
    /// The VM sent it (the frame enters the host on the VM's interface: libpcap direction "in").
    case transmitted
    /// The VM receives it (the host sends it out of the VM's interface: libpcap direction "out").
    case received
}
