import ConsoleAgent
import ConsoleServer
import ConsoleStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A console on a fresh database with an administrator, a session, a read and a write token.
struct ConsoleHarness {
    let core: ConsoleCore
    let session: String
    let readToken: String
    let writeToken: String

    static let password = "correct horse battery"

    static func configuration() -> ConsoleConfiguration {
        var configuration = ConsoleConfiguration()
        configuration.bcryptCost = 4  // bcrypt's minimum: the tests check behaviour, not strength
        configuration.heartbeatIntervalSeconds = 1
        return configuration
    }

    /// Opens the store at `location` (creating or reusing its contents) and signs in.
    static func open(
        _ location: DatabaseLocation,
        createAdmin: Bool = true,
        configuration: ConsoleConfiguration = configuration()
    ) async throws -> ConsoleHarness {
        let core = ConsoleCore(
            store: ConsoleStore(try await ConsoleDatabase.open(location)),
            configuration: configuration
        )
        if createAdmin { try await core.addUser(name: "admin", password: password, by: "test", from: "local") }
        guard let login = try await core.login(name: "admin", password: password, from: "local") else {
            throw HarnessError("login failed")
        }
        let router = ConsoleRouter.make(core: core)
        let tokens = try await Application(router: router).test(.router) { client in
            var tokens: [String] = []
            for scope in ["read", "write"] {
                let response = try await client.execute(
                    uri: "/api/v1/tokens",
                    method: .post,
                    headers: bearer(login.token),
                    body: json(["name": "t-\(scope)-\(UUID().uuidString.prefix(4))", "scope": scope])
                )
                #expect(response.status == .created)
                tokens.append(try decode(APIToken.self, response.body).token)
            }
            return tokens
        }
        return ConsoleHarness(core: core, session: login.token, readToken: tokens[0], writeToken: tokens[1])
    }

    func close() async throws { try await core.store.database.close() }

    /// Runs `body` against this console's router in Hummingbird's router test mode.
    func test<Value>(
        _ mode: TestingSetup = .router,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        try await Application(router: ConsoleRouter.make(core: core)).test(mode, body)
    }

    struct APIToken: Decodable { var token: String }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func bearer(_ secret: String) -> HTTPFields { [.authorization: "Bearer \(secret)", .contentType: "application/json"] }

func json(_ value: some Encodable) -> ByteBuffer {
    ByteBuffer(data: (try? JSONEncoder().encode(value)) ?? Data())
}

func decode<T: Decodable>(_ type: T.Type, _ body: ByteBuffer) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
}

/// A small valid policy selecting one VM by name.
func policyText(vm: String) -> String {
    """
    destinations:
      ids: { address: 192.0.2.10, encap: gre, key: 7 }
    rules:
      - name: tap-\(vm)
        match: { vm: "\(vm)" }
        send: [ids]
    default: ignore
    """
}
