import Foundation
import NotifAccounts
import NotifCore
import NotifTesting
import Testing

/// `notif accounts` against notifd in multi-account mode, with the bootstrap (platform) key.
@Suite(.timeLimit(.minutes(3))) struct CLIAccountsTests {
    @Test func orgLifecycleFromTheCommandLine() async throws {
        let stack = try await MultiAccountStack.start()
        defer { Task { await stack.stop() } }
        var cli = try NotifCLI()
        cli.environment["NOTIF_API_KEY"] = stack.platformKey
        cli.environment["NOTIF_SERVER"] = stack.running.baseURL

        let created = try await cli.run(["accounts", "create", "acme", "Acme Inc", "--tier", "pro", "--json"])
        #expect(created.status == 0, "\(created)")
        let org = try #require(try created.jsonLines().first)
        #expect(org["id"] == "acme" && org["billing_tier"] == "pro" && org["nats_public_key"]?.stringValue?.hasPrefix("A") == true)

        let list = try await cli.run(["org", "list"])
        #expect(list.status == 0 && list.stdout.contains("acme") && list.stdout.contains("pro"), "\(list)")
        let limits = try await cli.run(["accounts", "limits", "acme"])
        #expect(limits.stdout.contains("100") && limits.stdout.contains("24h0m0s"), "\(limits)")
        let changed = try await cli.run(["accounts", "limits", "acme", "--set", "enterprise"])
        #expect(changed.status == 0 && changed.stdout.contains("Limits updated for acme (tier: enterprise)"), "\(changed)")

        let file = cli.home.appending(path: "acme.creds").path
        let creds = try await cli.run(["accounts", "creds", "acme", "--ttl", "1h", "-o", file])
        #expect(creds.status == 0, "\(creds)")
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let parsed = try NATSCredentials(fileText: String(contentsOfFile: file, encoding: .utf8))
        #expect(try UserClaims.decode(parsed.jwt).claims.publish.allow == ["events.acme.>", "_INBOX.>"])

        let verify = try await cli.run(["accounts", "verify-all"])
        #expect(verify.status == 0 && verify.stdout.contains("ok   acme"), "\(verify)")
        let rebuild = try await cli.run(["accounts", "rebuild-all", "--json"])
        let rebuilt = try rebuild.jsonLines().first
        #expect(rebuild.status == 0 && rebuilt?["accounts_rebuilt"] == 2, "\(rebuild)")

        #expect(try await cli.run(["accounts", "delete", "acme"]).stdout.contains("Org deleted: acme"))
        // Failures exit non-zero (the reference exited 0): an unknown org, bad input, a non-platform key.
        let missing = try await cli.run(["accounts", "delete", "acme"])
        #expect(missing.status == 1 && missing.stderr.contains("org not found"), "\(missing)")
        let invalid = try await cli.run(["accounts", "create", "bad id", "x"])
        #expect(invalid.status != 0 && invalid.stderr.contains("alphanumeric"), "\(invalid)")
        let tenant = try await stack.tenant(scope: .admin)
        var orgAdmin = cli
        orgAdmin.environment["NOTIF_API_KEY"] = tenant.apiKey
        let forbidden = try await orgAdmin.run(["accounts", "list"])
        #expect(forbidden.status == 1 && forbidden.stderr.contains("platform api key required"), "\(forbidden)")
    }
}
