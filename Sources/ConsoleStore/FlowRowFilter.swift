/// What a rollup query keeps, in SQL (the server narrows names, tags and addresses further):
/// an IP protocol, a service port, and a host either endpoint ran on.
public struct FlowRowFilter: Sendable, Hashable {
    /// Keep only rows of this IP protocol number.
    public var ipProtocol: Int64?
    /// Keep only rows of this service port.
    public var servicePort: Int64?
    /// Keep only rows where either endpoint ran on this host.
    public var host: String?

    /// A filter; each `nil` condition keeps every row.
    public init(ipProtocol: Int64? = nil, servicePort: Int64? = nil, host: String? = nil) {
        self.ipProtocol = ipProtocol
        self.servicePort = servicePort
        self.host = host
    }
}
