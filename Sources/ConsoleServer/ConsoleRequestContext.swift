import Hummingbird
import NIOCore

/// The per-request context: the caller's identity (set by ``ConsoleAuthMiddleware``) and address.
public struct ConsoleRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// Who the caller is; `nil` when the request carried no credential.
    public var identity: ConsoleIdentity?
    /// The peer's address; `nil` when the channel has none.
    public let remoteAddress: SocketAddress?

    /// A context for a request on `source`'s channel, without identity yet.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Where the request came from, for the audit log ("local" when the channel has no peer).
    public var remoteDescription: String {
        guard let remoteAddress else { return "local" }
        return remoteAddress.ipAddress ?? remoteAddress.description
    }

    /// The identity, or 401 when the request carried none.
    public func requireIdentity() throws -> ConsoleIdentity {
        guard let identity else { throw ConsoleAPIError(.unauthorized, "authentication required") }
        return identity
    }

    /// An identity that may read, else 401 (none) or 403 (an agent).
    public func requireReader() throws -> ConsoleIdentity {
        let identity = try requireIdentity()
        guard identity.canRead else { throw ConsoleAPIError(.forbidden, "this identity may not read the console") }
        return identity
    }

    /// An identity that may write, else 401 (none) or 403 (read token, agent).
    public func requireWriter() throws -> ConsoleIdentity {
        let identity = try requireIdentity()
        guard identity.canWrite else { throw ConsoleAPIError(.forbidden, "a write-scoped identity is required") }
        return identity
    }

    /// The agent itself (`agentID` must be the caller), else 401 or 403.
    public func requireAgent(_ agentID: String) throws -> ConsoleIdentity {
        let identity = try requireIdentity()
        guard case .agent(let id, _) = identity, id == agentID else {
            throw ConsoleAPIError(.forbidden, "only agent \(agentID) itself may do this")
        }
        return identity
    }
}
