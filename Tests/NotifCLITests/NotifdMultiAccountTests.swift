import Foundation
import NotifAccounts
import NotifCore
import NotifTesting
import Testing

/// The `notifd` binary in local multi-account mode, as `make run MULTI_ACCOUNT=1` starts it: it
/// generates its keys, runs nats-server in operator mode, bootstraps, and `notif accounts` manages
/// orgs on it.
@Suite(.timeLimit(.minutes(4))) struct NotifdMultiAccountTests {
    @Test func localMultiAccountModeFromTheBinary() async throws {
        var cli = try NotifCLI()
        let notifd = URL(fileURLWithPath: cli.executable).deletingLastPathComponent().appending(path: "notifd").path
        let data = cli.home.appending(path: "data")
        let daemon = try cli.startProgram(notifd, ["--multi-account", "--data-dir", data.path, "--port", "0"])
        var stopped = false
        defer { if !stopped { daemon.interrupt() } }
        let banner = await eventuallyValue(timeout: .seconds(120)) { () -> String? in
            let text = daemon.standardOutput
            return text.contains("export NOTIF_API_KEY=") ? text : nil
        }
        let text = try #require(banner, "notifd printed its banner")
        #expect(text.contains("(multi-account: one NATS account per org)"))
        let key = try #require(text.firstMatch(of: /export NOTIF_API_KEY=(nsh_[A-Za-z0-9]+)/)?.1)
        let url = try #require(text.firstMatch(of: /running at (http:\/\/127\.0\.0\.1:[0-9]+)/)?.1)

        // Keys generated once, private.
        for name in ["operator.seed", "system-account.seed", "encryption.key"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: data.appending(path: "accounts/\(name)").path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(name)")
        }
        let operatorSeed = try String(contentsOf: data.appending(path: "accounts/operator.seed"), encoding: .utf8)
        #expect(try NKeyPair(seed: operatorSeed, expecting: .operator).type == .operator)
        #expect(FileManager.default.fileExists(atPath: data.appending(path: "nats-accounts/nats-server.conf").path))

        cli.environment["NOTIF_API_KEY"] = String(key)
        cli.environment["NOTIF_SERVER"] = String(url)
        let created = try await cli.run(["accounts", "create", "acme", "Acme Inc"])
        #expect(created.status == 0 && created.stdout.contains("acme"), "\(created)")
        let verified = try await cli.run(["accounts", "verify-all"])
        #expect(verified.status == 0 && verified.stdout.contains("ok   acme") && verified.stdout.contains("ok   org_default"), "\(verified)")
        let emitted = try await cli.run(["emit", "orders.created", #"{"id": 1}"#])
        #expect(emitted.status == 0, "\(emitted)")
        let ready = try await TestHTTP(baseURL: String(url)).get("/ready")
        #expect(ready.status == 200 && ready.json?["accounts"] == 2, "\(ready.text)")

        daemon.interrupt()
        stopped = true
        let result = try await daemon.wait(timeout: .seconds(60))
        #expect(result.status == 0, "\(result)")
    }
}
