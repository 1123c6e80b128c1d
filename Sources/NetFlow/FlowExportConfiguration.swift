/// How an exporter builds its datagrams.
public struct FlowExportConfiguration: Sendable, Hashable {
    /// NetFlow v5, v9 or IPFIX.
    public var version: NetFlowVersion
    /// Largest UDP payload: path MTU minus the IP and UDP headers (1500 − 20 − 8
    /// for IPv4). Datagrams are never larger.
    public var maximumDatagramSize: Int
    /// v9 source ID / IPFIX observation domain ID / v5 engine ID (low 8 bits).
    public var observationDomain: UInt32
    /// Templates are sent again when this much (flow clock) time has passed…
    public var templateRefreshMilliseconds: Int64
    /// …or after this many datagrams, whichever comes first.
    public var templateRefreshDatagrams: Int
    /// The 1:N packet sampling the flow cache applies (1 = none), announced in
    /// the v5 header and in v9/IPFIX options data.
    public var samplingInterval: UInt32

    /// A configuration for `version`: datagrams of at most `pathMTU` − 28 bytes (at least 256), templates resent every
    /// `templateRefreshSeconds` of flow time or `templateRefreshDatagrams` datagrams (60 s and 20 by default), and
    /// sampling 1:`samplingInterval` announced.
    public init(
        version: NetFlowVersion,
        pathMTU: Int = 1500,
        observationDomain: UInt32 = 0,
        templateRefreshSeconds: Int = 60,
        templateRefreshDatagrams: Int = 20,
        samplingInterval: UInt32 = 1
    ) {
        self.version = version
        self.maximumDatagramSize = max(256, pathMTU - 28)
        self.observationDomain = observationDomain
        self.templateRefreshMilliseconds = Int64(templateRefreshSeconds) * 1000
        self.templateRefreshDatagrams = max(1, templateRefreshDatagrams)
        self.samplingInterval = max(1, samplingInterval)
    }
}
