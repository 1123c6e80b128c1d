/// What a rollup query keeps, in SQL (the server narrows names, tags and addresses further):
/// an IP protocol, a service port, and a host either endpoint ran on.
public struct FlowRowFilter: Sendable, Hashable {
    public var ipProtocol: Int64?
    public var servicePort: Int64?
    public var host: String?

    public init(ipProtocol: Int64? = nil, servicePort: Int64? = nil, host: String? = nil) {
        self.ipProtocol = ipProtocol
        self.servicePort = servicePort
        self.host = host
    }
}
