import ArgumentParser
import Foundation
import NotifCore

/// `notif accounts …` (alias `notif org`): orgs as NATS accounts, for a platform key on a server
/// in multi-account mode.
struct AccountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "Manage orgs and their NATS accounts (multi-account mode, platform key).",
        discussion: """
            Every org is a NATS account signed by the server's operator key, with its own limits (by billing
            tier: free, pro, enterprise), streams and connections. These commands need a platform API key
            (the key printed when the server was bootstrapped) and a notifd started with --multi-account.
            """,
        subcommands: [Create.self, List.self, Delete.self, Limits.self, Creds.self, RebuildAll.self, VerifyAll.self],
        defaultSubcommand: List.self, aliases: ["org"])

    static let columns: [Output.Column] = [
        .init("ID", key: "id"), .init("NAME", key: "name"), .init("TIER", key: "billing_tier"),
        .init("KEY") { value in Output.text(value["nats_public_key"]).prefix(16) + "..." },
        .init("CONNECTED", key: "connected"), .init("CREATED", key: "created_at"),
    ]

    /// `notif accounts create <id> <name> [--tier pro]`
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create an org with its NATS account, streams and workers.")
        @Argument(help: "Org id: 1-32 letters, digits, - or _.") var id: String
        @Argument(help: "Display name.") var name: String
        @Option(help: "free, pro or enterprise.") var tier: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let org = try await context.call("creating org") { try await $0.createOrg(id: id, name: name, tier: tier) }
            context.output.object(org, fields: [
                .init("Org", key: "id"), .init("Name", key: "name"), .init("NATS public key", key: "nats_public_key"),
                .init("Billing tier", key: "billing_tier"), .init("Created", key: "created_at"),
            ])
        }
    }

    /// `notif accounts list`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List orgs.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let orgs = try await context.call("loading orgs") { try await $0.orgs() }
            context.output.list(orgs, empty: "No orgs found.", columns: AccountsCommand.columns)
        }
    }

    /// `notif accounts delete <id>`
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete", abstract: "Delete an org: revoke its account, remove its streams and data.")
        @Argument(help: "Org id.") var id: String
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            try await context.call("deleting org") { try await $0.deleteOrg(id: id) }
            context.output.done("Org deleted: \(id)", json: ["deleted": .string(id)])
        }
    }

    /// `notif accounts limits <id> [--set tier]`
    struct Limits: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "limits", abstract: "Show an org's limits, or change its tier with --set (applies at once).")
        @Argument(help: "Org id.") var id: String
        @Option(help: "New tier: free, pro or enterprise.") var set: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let result: JSONValue
            if let tier = set {
                result = try await context.call("changing tier") { try await $0.setOrgTier(id: id, tier: tier) }
            } else {
                result = try await context.call("loading limits") { try await $0.orgLimits(id: id) }
            }
            if global.json {
                context.output.jsonLine(result)
                return
            }
            if set != nil { context.output.line("Limits updated for \(id) (tier: \(Output.text(result["billing_tier"])))") }
            let limits = result["limits"] ?? .object([])
            context.output.object(.object([
                "tier": result["billing_tier"] ?? .null, "connections": limits["max_connections"] ?? .null,
                "data": limits["max_data"] ?? .null, "payload": limits["max_payload"] ?? .null,
                "exports": limits["max_exports"] ?? .null, "imports": limits["max_imports"] ?? .null,
                "age": limits["stream_max_age"] ?? .null, "bytes": limits["stream_max_bytes"] ?? .null,
            ]), fields: [
                .init("Tier", key: "tier"), .init("Max connections", key: "connections"), .init("Max data", key: "data"),
                .init("Max payload", key: "payload"), .init("Max exports", key: "exports"), .init("Max imports", key: "imports"),
                .init("Stream max age", key: "age"), .init("Stream max bytes", key: "bytes"),
            ])
        }
    }

    /// `notif accounts creds <id> [--ttl 24h] [--output file]`
    struct Creds: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "creds", abstract: "Issue a NATS user credential (.creds) for an org, scoped to its event subjects.",
            discussion: """
                The user may publish and subscribe to events.<org>.> (and reply inboxes) in the org's account, \
                e.g. `nats sub --creds org.creds 'events.<org>.>'`. The file grants access: keep it private.
                """)
        @Argument(help: "Org id.") var id: String
        @Option(help: "Lifetime, a Go duration (24h); 0 for no expiry.") var ttl: String?
        @Option(name: [.short, .long], help: "Write the .creds file here (0600) instead of printing it.") var output: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let result = try await context.call("issuing credentials") { try await $0.orgCredentials(id: id, ttl: ttl) }
            let text = Output.text(result["creds"])
            guard let output else {
                if global.json { context.output.jsonLine(result) } else { context.output.line(text) }
                return
            }
            let fileManager = FileManager.default
            _ = fileManager.createFile(atPath: output, contents: nil, attributes: [.posixPermissions: 0o600])
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
                try fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: output)
            } catch {
                throw CLIFailure.failed("error: cannot write \(output): \(error.localizedDescription)")
            }
            context.output.done("Credentials for \(id) written to \(output) (user \(Output.text(result["user_public_key"])), "
                                + "expires \(result["expires_at"]?.stringValue ?? "never"))",
                                json: .object(["org_id": .string(id), "file": .string(output),
                                               "user_public_key": result["user_public_key"] ?? .null,
                                               "expires_at": result["expires_at"] ?? .null]))
        }
    }

    /// `notif accounts rebuild-all [--operator-seed SO…]`
    struct RebuildAll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild-all", abstract: "Re-sign and push every account JWT (operator key rotation).",
            discussion: """
                With --operator-seed, the server signs with that operator key from now on (until it restarts with \
                the new OPERATOR_SEED); nats-server must already trust it. See docs/operator-seed-rotation.md.
                """)
        @Option(name: .customLong("operator-seed"),
                help: "The new operator seed (SO…), or a file holding it (keeps it out of shell history).")
        var operatorSeed: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            var seed = operatorSeed
            if let value = operatorSeed, !value.hasPrefix("SO"), let text = try? String(contentsOfFile: value, encoding: .utf8) {
                // `notifd keys gen operator` writes the seed on the first line, the public key on the second.
                seed = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) }
            }
            let result = try await context.call("rebuilding accounts") { try await $0.rebuildAccounts(operatorSeed: seed) }
            context.output.done("Rebuilt \(Output.text(result["accounts_rebuilt"])) account JWTs, signed by \(Output.text(result["signer"]))",
                                json: result)
        }
    }

    /// `notif accounts verify-all`
    struct VerifyAll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify-all",
            abstract: "Check every account JWT on the server: signature, trusted issuer, limits (exit 1 on a problem).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CLIContext(global)
            let result = try await context.call("verifying accounts") { try await $0.verifyAccounts() }
            let accounts = result["accounts"]?.arrayValue ?? []
            let valid = result["valid"]?.boolValue == true
            if global.json {
                context.output.jsonLine(result)
            } else {
                for account in accounts {
                    let problems = (account["problems"]?.arrayValue ?? []).compactMap(\.stringValue)
                    context.output.line("\(problems.isEmpty ? "ok  " : "FAIL") \(Output.text(account["org_id"]))"
                                        + (problems.isEmpty ? "" : ": " + problems.joined(separator: "; ")))
                }
                context.output.line(valid ? "All \(accounts.count) accounts verify against operator \(Output.text(result["signer"]))"
                                          : "Some accounts do not verify")
            }
            if !valid { throw CLIFailure.failed("") }
        }
    }
}
