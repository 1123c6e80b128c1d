/// The power state of a virtual machine as its hypervisor reports it.
public enum VMPowerState: String, Sendable, Hashable, Codable, CaseIterable {
    case running
    case paused
    case shutOff = "shutoff"
    case suspended
    case crashed
    case unknown

}
