import Hummingbird
import HummingbirdTLS
import Inventory
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// A runnable console: the router on a listener (plain HTTP or TLS), the heartbeat-sample expiry
/// job and the inventory follower.
public enum ConsoleApplication {
    /// PEM files for the listener's certificate chain and private key.
    public struct TLSFiles: Sendable {
        /// Path of the PEM certificate chain, the server's certificate first.
        public var certificate: String
        /// Path of the PEM private key.
        public var key: String
        /// PEM files at the given paths; they are read when the application is made.
        public init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
        }
    }

    /// The console's application: the router on `host:port` (port 0 picks a free one, reported to `onServerRunning`),
    /// over TLS when `tls` is given, with the inventory follower (polling every `inventoryPollIntervalSeconds`) and
    /// `extraServices` run beside it. Run it with `runService()`.
    ///
    /// - Throws: the TLS files' errors when they cannot be read or parsed.
    public static func make(
        core: ConsoleCore,
        host: String,
        port: Int,
        tls: TLSFiles? = nil,
        follower: InventoryFollower? = nil,
        logger: Logger = Logger(label: "virtualtap.console"),
        extraServices: [any Service] = [],
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let router = ConsoleRouter.make(core: core)
        var services: [any Service] = extraServices + [HeartbeatSampleExpiryService(core: core, logger: logger)]
        if let follower {
            services.append(
                FollowerService(follower: follower, interval: core.configuration.inventoryPollIntervalSeconds)
            )
        }
        let configuration = ApplicationConfiguration(
            address: .hostname(host, port: port),
            serverName: "VirtualTap console"
        )
        let running: @Sendable (any Channel) async -> Void = { channel in
            await onServerRunning(channel.localAddress?.port ?? port)
        }
        if let tls {
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificate).map {
                NIOSSLCertificateSource.certificate($0)
            }
            let key = try NIOSSLPrivateKey(file: tls.key, format: .pem)
            let tlsConfiguration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain,
                privateKey: .privateKey(key)
            )
            return Application(
                router: router,
                server: try .tls(.http1(), tlsConfiguration: tlsConfiguration),
                configuration: configuration,
                services: services,
                onServerRunning: running,
                logger: logger
            )
        }
        return Application(
            router: router,
            configuration: configuration,
            services: services,
            onServerRunning: running,
            logger: logger
        )
    }
}

/// Runs the inventory follower beside the server (a failing source is logged and retried by the poll).
struct FollowerService: Service {
    let follower: InventoryFollower
    let interval: Double

    func run() async throws {
        let logger = Logger(label: "virtualtap.console.inventory")
        do {
            for failure in try await follower.refreshOnce() { logger.warning("\(failure)") }
        } catch {
            logger.error("inventory: \(error)")
        }
        try await cancelWhenGracefulShutdown {
            try await follower.follow(pollInterval: .milliseconds(Int(interval * 1000)))
        }
    }
}
