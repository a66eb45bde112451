import ArgumentParser
import Foundation
import NotifAccounts
import NotifCore

/// `notifd keys gen operator|account|user`: a new NKey pair, seed then public key (like `nk -gen … -pubout`).
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Generate NATS NKeys for multi-account mode.",
        subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gen",
            abstract: "Print a new key pair: the seed (secret) on the first line, the public key on the second.",
            discussion: """
                Examples:
                  notifd keys gen operator     # OPERATOR_SEED (SO…) and the operator public key (O…)
                  notifd keys gen account      # SYSTEM_ACCOUNT_SEED (SA…)
                """)

        @Argument(help: "operator, account or user.")
        var type: String

        func run() throws {
            let kinds: [String: NKeyType] = ["operator": .operator, "account": .account, "user": .user]
            guard let kind = kinds[type.lowercased()] else { throw ValidationError("type must be operator, account or user") }
            let pair = NKeyPair.generate(kind)
            print(pair.seed)
            print(pair.publicKey)
        }
    }
}

/// `notifd nats-config`: what an external nats-server needs to trust notifd's operator: the signed
/// operator JWT (written to a file) and the configuration block that loads it.
struct NATSConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nats-config",
        abstract: "Write the operator JWT and print the nats-server configuration for multi-account mode.",
        discussion: """
            Reads OPERATOR_SEED and SYSTEM_ACCOUNT_SEED (and OPERATOR_SEED_NEXT during a key rotation, which
            makes the server trust both keys), each also as <NAME>_FILE. Include the printed block in the
            server's configuration, then reload or restart nats-server.
            """)

    @Option(name: .customLong("operator-jwt"), help: "Where to write the operator JWT. (default: ./operator.jwt)")
    var operatorJWT = "operator.jwt"

    @Option(name: .customLong("resolver-dir"), help: "The full resolver's directory on the nats-server host. (default: ./jwt)")
    var resolverDirectory = "jwt"

    func run() throws {
        let sources = AccountKeySources(environment: ProcessInfo.processInfo.environment)
        guard let operatorSeed = try sources.secret("OPERATOR_SEED"), let systemSeed = try sources.secret("SYSTEM_ACCOUNT_SEED") else {
            throw ValidationError("OPERATOR_SEED and SYSTEM_ACCOUNT_SEED are required")
        }
        let keys: OperatorKeys
        do {
            keys = try OperatorKeys(operatorSeed: operatorSeed, systemAccountSeed: systemSeed,
                                    nextOperatorSeed: try sources.secret("OPERATOR_SEED_NEXT"))
        } catch {
            throw ValidationError("\(error)")
        }
        let settings = keys.serverSettings
        let file = URL(fileURLWithPath: operatorJWT)
        try Data((settings.operatorJWT + "\n").utf8).write(to: file, options: .atomic)
        print(settings.snippet(operatorFile: file.path, resolverDirectory: resolverDirectory), terminator: "")
    }
}
