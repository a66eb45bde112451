import Foundation
import Logging
import NotifAccounts
import NotifCore

/// A nats-server of its own in operator mode (fresh operator and system account keys), with a
/// system-account connection for pushing account JWTs. For tests of NATS accounts.
public final class OperatorModeBroker: Sendable {
    public let keys: OperatorKeys
    public let nats: NATSServerProcess
    public let system: BrokerConnection
    public let resolver: AccountResolverClient
    let logger: Logger

    private init(keys: OperatorKeys, nats: NATSServerProcess, system: BrokerConnection, logger: Logger) {
        self.keys = keys
        self.nats = nats
        self.system = system
        self.resolver = AccountResolverClient(connection: system)
        self.logger = logger
    }

    /// Starts the server under the shared test directory and connects as a system user.
    public static func start(keys: OperatorKeys = .generate()) async throws -> OperatorModeBroker {
        let environment = TestEnvironment.shared
        let services = try await environment.services()
        let directory = services.directory.appending(path: "operator_" + RandomToken.hex(bytes: 6))
        let nats = try await NATSServerProcess.start(directory: directory, operatorSettings: keys.serverSettings,
                                                     logger: environment.logger)
        do {
            let system = try await connect(url: nats.url, account: keys.systemAccount, name: "notifd-system",
                                           retryFor: .seconds(5), logger: environment.logger)
            return OperatorModeBroker(keys: keys, nats: nats, system: system, logger: environment.logger)
        } catch {
            await nats.stop()
            throw error
        }
    }

    /// Connects as a fresh user of `account` (allowed everything in it unless narrowed). nats-server
    /// applies an account push a moment after confirming it and may refuse users meanwhile, so a
    /// connection expected to succeed retries for a few seconds; pass `retry: false` for one that
    /// is expected to fail.
    public func connect(account: NKeyPair, name: String = "test-user", publish: SubjectPermissions = SubjectPermissions(),
                        subscribe: SubjectPermissions = SubjectPermissions(), retry: Bool = true) async throws -> BrokerConnection {
        try await Self.connect(url: nats.url, account: account, name: name, publish: publish, subscribe: subscribe,
                               retryFor: retry ? .seconds(5) : .zero, logger: logger)
    }

    static func connect(url: String, account: NKeyPair, name: String, publish: SubjectPermissions = SubjectPermissions(),
                        subscribe: SubjectPermissions = SubjectPermissions(), retryFor: Duration = .zero,
                        logger: Logger) async throws -> BrokerConnection {
        let user = EphemeralUser(account: account, name: name, publish: publish, subscribe: subscribe)
        return try await BrokerConnection.connect(
            BrokerConfiguration(url: url, userCredentials: user.brokerCredentials, name: name,
                                connectTimeout: .seconds(2), requestTimeout: .seconds(5)),
            retryFor: retryFor, logger: logger)
    }

    /// A new account with `limits`, pushed to the server.
    public func createAccount(name: String, limits: AccountLimits) async throws -> NKeyPair {
        let account = NKeyPair.generate(.account)
        try await resolver.push(AccountClaims(subject: account.publicKey, name: name, limits: limits).signed(by: keys.signer))
        return account
    }

    public func stop() async {
        await system.close()
        await nats.stop()
    }
}
