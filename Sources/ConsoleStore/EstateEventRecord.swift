/// One change of the estate as the console saw it (VM added/removed, NIC changed, migration).
public struct EstateEventRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var at: Int64
    public var source: String
    public var kind: String
    public var vm: String?
    public var fromHost: String?
    public var toHost: String?
    public var detail: String

    public init(
        id: Int64? = nil,
        at: Int64,
        source: String,
        kind: String,
        vm: String?,
        fromHost: String? = nil,
        toHost: String? = nil,
        detail: String
    ) {
        self.id = id
        self.at = at
        self.source = source
        self.kind = kind
        self.vm = vm
        self.fromHost = fromHost
        self.toHost = toHost
        self.detail = detail
    }
}
