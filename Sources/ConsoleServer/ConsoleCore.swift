import ConsoleAgent
import ConsoleStore
import Crypto
import Foundation
import HummingbirdBcrypt
import Inventory
import NIOPosix
import Policy
import Synchronization

/// The console's behaviour behind the HTTP API (and `tapctl console users add`): identities,
/// policy revisions, the estate, agents and their bundles. Every change is audited.
public final class ConsoleCore: Sendable {
    /// The database every request goes through.
    public let store: ConsoleStore
    /// How the console behaves.
    public let configuration: ConsoleConfiguration
    /// The counters served at `/metrics`.
    public let metrics = ConsoleMetrics()
    /// What the flow collector (`tapctl console --netflow`) has done.
    public let flowIngest = FlowIngestCounters()
    private let estateCache = Mutex<(document: String, snapshot: InventorySnapshot)?>(nil)
    private let policyCache = Mutex<(id: Int64, policy: TapPolicy)?>(nil)
    /// A hash that unknown user names are verified against, so timing does not reveal names.
    private let unknownUserHash: String

    /// A console over `store`, whose schema must be up to date.
    public init(store: ConsoleStore, configuration: ConsoleConfiguration = .init()) {
        self.store = store
        self.configuration = configuration
        self.unknownUserHash = Bcrypt.hash(SecretToken.generate(.session), cost: configuration.bcryptCost)
    }

    // MARK: Audit

    /// Appends an audit entry: `actor` did `action` (`object.verb`) to `target`, from `remote`, with `detail`, now.
    public func audit(
        _ actor: String,
        _ action: String,
        _ target: String,
        from remote: String,
        _ detail: String = ""
    ) async throws {
        try await store.addAudit(
            AuditEntry(
                at: ConsoleClock.nowMilliseconds(),
                actor: actor,
                action: action,
                target: target,
                remote: remote,
                detail: detail
            )
        )
    }

    // MARK: Users and sessions

    /// Adds an administrator (bcrypt off the event loops). Throws 409 for a taken name.
    @discardableResult
    public func addUser(
        name: String,
        password: String,
        by actor: String,
        from remote: String
    ) async throws -> UserRecord {
        guard !name.isEmpty, name.count <= 64 else {
            throw ConsoleAPIError(.badRequest, "a user name has 1 to 64 characters")
        }
        guard password.utf8.count >= 8, password.utf8.count <= 72 else {
            throw ConsoleAPIError(.badRequest, "a password has 8 to 72 bytes")
        }
        if try await store.user(named: name) != nil { throw ConsoleAPIError(.conflict, "user '\(name)' exists") }
        let cost = configuration.bcryptCost
        let hash = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
        let user = UserRecord(
            id: SecretToken.identifier(),
            name: name,
            passwordHash: hash,
            createdAt: ConsoleClock.nowMilliseconds()
        )
        try await store.addUser(user)
        try await audit(actor, "user.create", name, from: remote)
        return user
    }

    /// Checks a password and opens a session; nil when the name or password is wrong.
    public func login(
        name: String,
        password: String,
        from remote: String
    ) async throws -> (token: String, expiresAt: Int64)? {
        let user = try await store.user(named: name)
        let hash = user?.passwordHash ?? unknownUserHash
        let valid = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        guard let user, valid else { return nil }
        let token = SecretToken.generate(.session)
        let now = ConsoleClock.nowMilliseconds()
        let expires = now + Int64(configuration.sessionLifetimeSeconds * 1000)
        try await store.addSession(
            tokenHash: SecretToken.hash(token),
            userID: user.id,
            createdAt: now,
            expiresAt: expires
        )
        try await audit("user:\(name)", "session.login", name, from: remote)
        return (token, expires)
    }

    // MARK: Policy

    /// Parses policy text; a failure is a 422 with the error and its line and column.
    public func validate(_ text: String) throws -> TapPolicy {
        do {
            return try PolicyParser(file: "policy").parse(text)
        } catch {
            throw ConsoleAPIError(
                .unprocessableContent,
                error.message,
                line: error.location?.line,
                column: error.location?.column
            )
        }
    }

    /// Stores `text` as the new current revision if it is valid; an invalid text is refused and
    /// the current revision stays.
    public func submitPolicy(
        text: String,
        comment: String,
        by actor: String,
        from remote: String
    ) async throws -> PolicyRevisionRecord {
        do {
            _ = try validate(text)
        } catch {
            metrics.countPolicyRejected()
            throw error
        }
        var revision = PolicyRevisionRecord(
            author: actor,
            createdAt: ConsoleClock.nowMilliseconds(),
            comment: comment,
            text: text
        )
        revision.id = try await store.addPolicyRevision(revision)
        try await audit(actor, "policy.create", String(revision.id ?? 0), from: remote, comment)
        return revision
    }

    /// The current policy, parsed (cached per revision).
    func currentPolicy() async throws -> (PolicyRevisionRecord, TapPolicy)? {
        guard let revision = try await store.currentPolicyRevision(), let id = revision.id else { return nil }
        if let cached = policyCache.withLock({ $0 }), cached.id == id { return (revision, cached.policy) }
        let policy = try validate(revision.text)
        policyCache.withLock { $0 = (id, policy) }
        return (revision, policy)
    }

    // MARK: Estate

    /// The estate the store holds (what the inventory follower last saved, by any console).
    public func estate() async throws -> InventorySnapshot {
        guard let document = try await store.estates()[Self.estateKey] else { return .empty }
        if let cached = estateCache.withLock({ $0 }), cached.document == document { return cached.snapshot }
        let snapshot = try JSONDecoder().decode(InventorySnapshot.self, from: Data(document.utf8))
        estateCache.withLock { $0 = (document, snapshot) }
        return snapshot
    }

    /// The key of the merged estate in `inventory_estate`.
    static let estateKey = "merged"

    /// Saves the merged view and records its events (failures of sources included).
    public func record(view: InventoryView, events: [InventoryEvent]) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let document = String(decoding: try encoder.encode(view.snapshot.sorted()), as: UTF8.self)
        if try await store.estates()[Self.estateKey] != document {
            try await store.saveEstate(source: Self.estateKey, document: document, at: ConsoleClock.nowMilliseconds())
        }
        try await recordEvents(events)
    }

    /// Records events in the history without touching the estate.
    public func recordEvents(_ events: [InventoryEvent]) async throws {
        let detailEncoder = JSONEncoder()
        detailEncoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        detailEncoder.dateEncodingStrategy = .iso8601
        for event in events {
            let record = InventoryEventRecord(event)
            var fromHost: String?
            var toHost: String?
            if case .vmMoved(_, let from, let to) = event.change { (fromHost, toHost) = (from, to) }
            try await store.addEstateEvent(
                EstateEventRecord(
                    at: Int64((event.timestamp.timeIntervalSince1970 * 1000).rounded()),
                    source: record.source ?? "",
                    kind: event.kind,
                    vm: record.vm,
                    fromHost: fromHost,
                    toHost: toHost,
                    detail: String(decoding: try detailEncoder.encode(record), as: UTF8.self)
                )
            )
        }
        metrics.countInventoryEvents(events.count)
    }

    // MARK: Agents

    /// Exchanges an enrollment token for a new agent's credential; 401 for a bad token.
    public func enroll(_ request: EnrollmentRequest, from remote: String) async throws -> AgentCredential {
        guard !request.name.isEmpty, request.name.count <= 253 else {
            throw ConsoleAPIError(.badRequest, "an agent name has 1 to 253 characters")
        }
        guard
            let tokenID = try await store.consumeEnrollmentToken(
                hash: SecretToken.hash(request.enrollmentToken),
                now: ConsoleClock.nowMilliseconds()
            )
        else { throw ConsoleAPIError(.unauthorized, "unknown, used or expired enrollment token") }
        let secret = SecretToken.generate(.agent)
        let agent = AgentRecord(
            id: SecretToken.identifier(),
            name: request.name,
            secretHash: SecretToken.hash(secret),
            enrolledAt: ConsoleClock.nowMilliseconds(),
            enrolledFrom: remote
        )
        try await store.addAgent(agent)
        try await audit("enrollment:\(tokenID)", "agent.enroll", "\(agent.id) (\(agent.name))", from: remote)
        metrics.countEnrollment()
        return AgentCredential(agentID: agent.id, secret: secret)
    }

    /// The agent's bundle: the current policy, its host's inventory slice, destinations, flow export.
    public func bundle(for agent: AgentRecord) async throws -> ConfigBundle {
        let current = try await currentPolicy()
        let slice = try InventoryFileDocument(try await estate(), host: agent.name).json()
        var bundle = ConfigBundle(
            revision: "",
            agentID: agent.id,
            policyRevision: current?.0.id,
            policy: current?.0.text,
            inventory: slice,
            destinations: current?.1.destinations.map {
                BundleDestination(name: $0.name, address: $0.address.description, encapsulation: $0.encapsulation.name)
            } ?? [],
            flowExport: configuration.flowExport,
            heartbeatIntervalSeconds: configuration.heartbeatIntervalSeconds
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let digest = SHA256.hash(data: try encoder.encode(bundle))
        bundle.revision =
            (current?.0.id.map { "p\($0)-" } ?? "p0-") + digest.prefix(8).map { String(format: "%02x", $0) }.joined()
        return bundle
    }

    /// The agent's status at `now` (milliseconds since 1970) from its last heartbeat and the configured interval.
    public func status(of agent: AgentRecord, now: Int64 = ConsoleClock.nowMilliseconds()) -> AgentStatus {
        AgentStatus(
            lastHeartbeat: agent.lastHeartbeatAt,
            now: now,
            intervalSeconds: configuration.heartbeatIntervalSeconds
        )
    }
}
