/// Limits and timeouts of a `FlowCache`.
public struct FlowCacheConfiguration: Sendable, Hashable {
    /// Most flows held at once. When a new flow arrives with the cache full,
    /// the least recently updated flow is exported first (`lackOfResources`).
    public var maximumFlows: Int
    /// A flow older than this (first packet to now) is exported and restarted.
    public var activeTimeoutMilliseconds: Int64
    /// A flow without a packet for this long is exported.
    public var inactiveTimeoutMilliseconds: Int64
    /// 1:N deterministic packet sampling (every Nth packet is counted); 1 = all.
    public var samplingInterval: UInt32
    /// End a TCP flow at the first packet carrying FIN or RST.
    public var endFlowsOnFinOrReset: Bool

    /// Limits of `maximumFlows` flows (at least 1), timeouts in whole seconds (active 30 min, inactive 15 s by
    /// default), 1:`samplingInterval` sampling (at least 1), and TCP flows ended at FIN or RST by default.
    public init(
        maximumFlows: Int = 65_536,
        activeTimeoutSeconds: Int = 1800,
        inactiveTimeoutSeconds: Int = 15,
        samplingInterval: UInt32 = 1,
        endFlowsOnFinOrReset: Bool = true
    ) {
        self.maximumFlows = max(1, maximumFlows)
        self.activeTimeoutMilliseconds = Int64(activeTimeoutSeconds) * 1000
        self.inactiveTimeoutMilliseconds = Int64(inactiveTimeoutSeconds) * 1000
        self.samplingInterval = max(1, samplingInterval)
        self.endFlowsOnFinOrReset = endFlowsOnFinOrReset
    }
}
