import ArgumentParser
import ConsoleServer
import ConsoleStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `tapctl console`: the central console (serve, the default) and its administration.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract:
            "Run the console: inventory, policy revisions, agents that enroll, pull their configuration and report.",
        discussion: """
            Examples:
              tapctl console users add admin --db console.sqlite
              tapctl console policy submit policy.yaml --comment "first" --db console.sqlite
              tapctl console --listen 127.0.0.1:8080 --db console.sqlite --inventory file:estate.yaml
              tapctl console --database-url postgres://virtualtap@db.example/virtualtap --tls-cert c.pem --tls-key k.pem
            """,
        subcommands: [ConsoleServeCommand.self, ConsoleUsersCommand.self, ConsolePolicyCommand.self],
        defaultSubcommand: ConsoleServeCommand.self
    )
}

/// Where the console's data lives: `--db PATH` (SQLite, the default) or `--database-url`.
struct ConsoleDatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: "SQLite database file (created with its schema when missing).",
        completion: .file()
    )
    var sqlitePath: String?

    @Option(
        name: .customLong("database-url"),
        help: "PostgreSQL instead: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE."
    )
    var databaseURL: String?

    func validate() throws {
        if sqlitePath != nil && databaseURL != nil { throw ValidationError("give --db or --database-url, not both") }
        if let databaseURL, case .sqlite = DatabaseLocation(parsing: databaseURL) {
            throw ValidationError("--database-url must be a postgres:// URL")
        }
    }

    var location: DatabaseLocation {
        if let databaseURL { return DatabaseLocation(parsing: databaseURL) }
        return .sqlite(path: sqlitePath ?? "virtualtap-console.sqlite")
    }

    func open() async throws -> ConsoleDatabase {
        do { return try await ConsoleDatabase.open(location) } catch {
            throw CommandFailure("cannot open the console database \(location): \(String(reflecting: error))")
        }
    }
}

struct ConsoleServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the console's API (the default)."
    )

    @Option(help: "Address and port to listen on.")
    var listen = "127.0.0.1:8080"

    @OptionGroup var database: ConsoleDatabaseOptions

    @Option(help: "Inventory source: file:PATH, libvirt:URI or vsphere:URL (repeatable).")
    var inventory: [String] = []

    @Option(name: .customLong("inventory-interval"), help: "Seconds between inventory polls.")
    var inventoryInterval = 5.0

    @Option(
        name: .customLong("tls-cert"),
        help: "PEM certificate chain: serve HTTPS (with --tls-key).",
        completion: .file()
    )
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key for --tls-cert.", completion: .file())
    var tlsKey: String?

    @Option(
        name: .customLong("heartbeat-interval"),
        help: "Seconds between agent heartbeats (pending after 2 missed, disconnected after 3)."
    )
    var heartbeatInterval = 10.0

    @Option(name: .customLong("flow-export"), help: "Flow-export target handed to agents, HOST:PORT.")
    var flowExport: String?

    @Option(
        help:
            "Collect NetFlow v5/v9/IPFIX on this UDP HOST:PORT into the flow rollups (agents export here unless --flow-export says otherwise)."
    )
    var netflow: String?

    @Option(
        name: .customLong("flow-retention"),
        help: "Retention per rollup table, e.g. 1m=7d,5m=90d,1h=730d (units s, m, h, d)."
    )
    var flowRetention: String?

    @Option(name: .customLong("flow-expiry-interval"), help: "Seconds between runs of the rollup expiry job.")
    var flowExpiryInterval = 300.0

    @Option(
        name: .customLong("health-retention"),
        help: "How long heartbeat samples (tap health) are kept, e.g. 7d (units s, m, h, d)."
    )
    var healthRetention = "7d"

    @Option(name: .customLong("log-level"), help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel = "info"

    func validate() throws {
        if (tlsCertificate == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if heartbeatInterval <= 0 || inventoryInterval <= 0 { throw ValidationError("intervals must be positive") }
        if let flowExport { _ = try HostPort(parsing: flowExport) }
        if let netflow { _ = try HostPort(parsing: netflow) }
        if let flowRetention { _ = try FlowRetentionOption.parse(flowRetention) }
        if flowExpiryInterval <= 0 { throw ValidationError("--flow-expiry-interval must be positive") }
        _ = try healthRetentionSeconds()
    }

    /// `--health-retention` in seconds (at most 100 years, so milliseconds never overflow).
    func healthRetentionSeconds() throws -> Int64 {
        guard let seconds = DurationOption.seconds(healthRetention), seconds <= 100 * 366 * 86_400 else {
            throw ValidationError(
                "--health-retention: '\(healthRetention)' is not a duration like 7d, 12h (at most 100 years)"
            )
        }
        return seconds
    }

    func run() async throws {
        let address = try HostPort(parsing: listen)
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw CommandFailure("--log-level \(logLevel) is not a log level")
        }
        var logger = Logger(label: "virtualtap.console")
        logger.logLevel = level
        var configuration = ConsoleConfiguration()
        configuration.heartbeatIntervalSeconds = heartbeatInterval
        configuration.flowExport = flowExport
        if let flowRetention { configuration.flowRetention = try FlowRetentionOption.parse(flowRetention) }
        configuration.flowExpiryIntervalSeconds = flowExpiryInterval
        configuration.healthRetentionSeconds = try healthRetentionSeconds()
        let netflowAddress = try netflow.map { try HostPort(parsing: $0) }
        if flowExport == nil, let netflowAddress, netflowAddress.host != "0.0.0.0", netflowAddress.host != "::" {
            configuration.flowExport = netflow
        }
        configuration.inventoryPollIntervalSeconds = inventoryInterval
        let environment = ProcessInfo.processInfo.environment
        let sources = try inventory.map {
            try InventorySourceOption.makeSource($0, credentials: .init(environment: environment))
        }
        let store = ConsoleStore(try await database.open())
        let core = ConsoleCore(store: store, configuration: configuration)
        let follower = sources.isEmpty ? nil : InventoryFollower(core: core, sources: sources)
        var services: [any Service] = []
        if let netflowAddress {
            let collector = try await FlowCollectorService.bind(
                core: core,
                host: netflowAddress.host,
                port: netflowAddress.port,
                logger: logger
            )
            print("netflow collector listening on udp://\(netflowAddress.host):\(collector.port)")
            services.append(collector)
        }
        let scheme = tlsCertificate == nil ? "http" : "https"
        let location = database.location
        let app = try ConsoleApplication.make(
            core: core,
            host: address.host,
            port: address.port,
            tls: tlsCertificate.map { ConsoleApplication.TLSFiles(certificate: $0, key: tlsKey ?? "") },
            follower: follower,
            logger: logger,
            extraServices: services
        ) { port in
            print("console listening on \(scheme)://\(address.host):\(port) (database: \(location.engine) \(location))")
            fflush(nil)
        }
        try await app.runService()
        try await store.database.close()
    }
}

struct ConsoleUsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Manage the console's administrators.",
        subcommands: [ConsoleUsersAddCommand.self]
    )
}

struct ConsoleUsersAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract:
            "Add an administrator (the password from --password-file, VIRTUALTAP_CONSOLE_PASSWORD, or the first line of stdin)."
    )

    @Argument(help: "The user name.")
    var name: String

    @Option(
        name: .customLong("password-file"),
        help: "Read the password from the first line of this file.",
        completion: .file()
    )
    var passwordFile: String?

    @OptionGroup var database: ConsoleDatabaseOptions

    func run() async throws {
        let password: String
        if let passwordFile {
            guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw CommandFailure("cannot read \(passwordFile)")
            }
            password = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        } else if let fromEnvironment = ProcessInfo.processInfo.environment["VIRTUALTAP_CONSOLE_PASSWORD"] {
            password = fromEnvironment
        } else {
            FileHandle.standardError.write(Data("password for \(name): ".utf8))
            password = readLine(strippingNewline: true) ?? ""
        }
        let store = ConsoleStore(try await database.open())
        let core = ConsoleCore(store: store)
        do {
            try await core.addUser(name: name, password: password, by: "cli:\(NSUserName())", from: "local")
        } catch let error as ConsoleAPIError {
            try await store.database.close()
            throw CommandFailure(error.message)
        }
        try await store.database.close()
        print("user \(name) added to \(database.location)")
    }
}

struct ConsolePolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Manage the console's policy from its host.",
        subcommands: [ConsolePolicySubmitCommand.self]
    )
}

struct ConsolePolicySubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Validate a policy file and store it as the current revision (as POST /api/v1/policy/revisions does)."
    )

    @Argument(help: "The policy file (YAML).", completion: .file())
    var file: String

    @Option(help: "The revision's comment.")
    var comment = ""

    @OptionGroup var database: ConsoleDatabaseOptions

    func run() async throws {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw CommandFailure("cannot read \(file)")
        }
        let store = ConsoleStore(try await database.open())
        let revision: PolicyRevisionRecord
        do {
            revision = try await ConsoleCore(store: store).submitPolicy(
                text: text,
                comment: comment,
                by: "cli:\(NSUserName())",
                from: "local"
            )
        } catch let error as ConsoleAPIError {
            try await store.database.close()
            throw CommandFailure(
                "\(file):\(error.line.map { "\($0):" } ?? "")\(error.column.map { "\($0):" } ?? "") error: \(error.message)"
            )
        }
        try await store.database.close()
        print("policy revision \(revision.id ?? 0) is current in \(database.location)")
    }
}
