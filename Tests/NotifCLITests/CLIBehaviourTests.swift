import Foundation
import NotifCore
import NotifTesting
import Testing

/// Configuration, exit codes, help and the small commands of the `notif` binary.
@Suite(.timeLimit(.minutes(3))) struct CLIBehaviourTests {
    @Test func authWritesAPrivateConfigAndFlagsBeatEnvironmentBeatFile() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        var cli = try NotifCLI()
        let saved = try await cli.run(["auth", tenant.apiKey, "--server", tenant.http.baseURL])
        #expect(saved.status == 0, "\(saved)")
        let directory = cli.home.appendingPathComponent(".notif")
        let file = directory.appendingPathComponent("config.json")
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: directory.path)[.posixPermissions] as? Int == 0o700)
        #expect(try await cli.run(["emit", "cfg.file", "{}"]).status == 0, "the file's key and server are used")

        let shown = try #require(try await cli.run(["config", "show", "--json"]).jsonLines().first)
        #expect(shown["api_key"]?.stringValue == "\(tenant.apiKey.prefix(12))...\(tenant.apiKey.suffix(4))")
        #expect(shown["server"]?.stringValue == tenant.http.baseURL && shown["server_source"] == "config file")
        #expect(!(try String(contentsOf: file, encoding: .utf8)).isEmpty)

        cli.environment["NOTIF_SERVER"] = "http://127.0.0.1:1"
        let fromEnvironment = try #require(try await cli.run(["config", "show", "--json"]).jsonLines().first)
        #expect(fromEnvironment["server"] == "http://127.0.0.1:1" && fromEnvironment["server_source"] == "env NOTIF_SERVER")
        let flagged = try #require(try await cli.run(["config", "show", "--json", "--server", "http://flag.example"]).jsonLines().first)
        #expect(flagged["server"] == "http://flag.example")
        #expect(try await cli.run(["emit", "cfg.flag", "{}", "--server", tenant.http.baseURL]).status == 0)

        #expect(try await cli.run(["config", "set", "server", "ftp://nope"]).status == 2)
        #expect(try await cli.run(["config", "set", "server", "http://example.com"]).status == 0)
        let other = cli.home.appendingPathComponent("other.json").path
        #expect(try await cli.run(["auth", tenant.apiKey, "--config", other]).status == 0)
        #expect(FileManager.default.fileExists(atPath: other))
    }

    @Test func everyErrorClassHasItsExitCodeAndOneLine() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let cli = try NotifCLI(tenant: tenant)

        let unknownFlag = try await cli.run(["emit", "a.b", "--bogus"])
        #expect(unknownFlag.status == 2 && unknownFlag.stderr.contains("--bogus"), "\(unknownFlag)")
        let badJSON = try await cli.run(["emit", "a.b", "{not json"])
        #expect(badJSON.status == 2 && badJSON.stderr.hasPrefix("error: invalid JSON data") && badJSON.stderr.split(separator: "\n").count == 1, "\(badJSON)")
        let badTopic = try await cli.run(["emit", "a..b", "{}"])
        #expect(badTopic.status == 2 && badTopic.stderr.contains("empty segments"), "\(badTopic)")

        var badKey = cli
        badKey.environment["NOTIF_API_KEY"] = "not-a-key"
        let malformed = try await badKey.run(["events", "list"])
        #expect(malformed.status == 2 && malformed.stderr.contains("invalid API key format"), "\(malformed)")
        #expect(try await badKey.run(["auth", "nsh_short"]).status == 2)

        var wrongKey = cli
        wrongKey.environment["NOTIF_API_KEY"] = "nsh_" + String(repeating: "a", count: 28)
        let unauthorized = try await wrongKey.run(["emit", "a.b", "{}"])
        #expect(unauthorized.status == 1 && unauthorized.stderr.hasPrefix("error: unauthorized"), "\(unauthorized)")

        var noKey = cli
        noKey.environment["NOTIF_API_KEY"] = nil
        let missing = try await noKey.run(["emit", "a.b", "{}"])
        #expect(missing.status == 1 && missing.stderr.contains("notif auth"), "\(missing)")

        let port = try FreePort.next()
        let unreachable = try await cli.run(["emit", "a.b", "{}", "--server", "http://127.0.0.1:\(port)"])
        #expect(unreachable.status == 1 && unreachable.stderr == "error: cannot reach http://127.0.0.1:\(port): connection refused\n", "\(unreachable)")
        let health = try await cli.run(["health", "--server", "http://127.0.0.1:\(port)"])
        #expect(health.status == 1 && health.stderr.contains("http://127.0.0.1:\(port)"), "\(health)")

        let notFound = try await cli.run(["schedules", "get", "sch_missing"])
        #expect(notFound.status == 1 && notFound.stderr == "error: scheduled event not found\n", "\(notFound)")
        let rejected = try await cli.run(["emit", "$sys", "{}"])
        #expect(rejected.status == 2, "\(rejected)")

        let timedOut = try await cli.run(["subscribe", "quiet.topic", "--timeout", "1s"])
        #expect(timedOut.status == 1 && timedOut.stderr.contains("timed out after 1s"), "\(timedOut)")

        #expect(try await cli.run(["emit", "sig.ready", "{}"]).status == 0)
        let running = try cli.start(["subscribe", "sig.>", "--from", "beginning", "--timeout", "60s"])
        let subscribed = await eventually(timeout: .seconds(30)) { running.standardOutput.contains("sig.ready") }
        #expect(subscribed)
        running.interrupt()
        let interrupted = try await running.wait(timeout: .seconds(30))
        #expect(interrupted.status == 130, "\(interrupted)")
    }

    @Test func helpVersionJQCompletionsAndShell() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let cli = try NotifCLI(tenant: tenant)
        let help = try await cli.run(["--help"])
        #expect(help.status == 0)
        let commands = ["version", "auth", "config", "health", "emit", "subscribe", "events", "webhooks", "dlq", "schedules",
                        "schemas", "audit", "jq", "shell", "completions"]
        for command in commands {
            #expect(help.stdout.contains("  \(command) "), "notif --help lists \(command)")
            let own = try await cli.run([command, "--help"])
            #expect(own.status == 0 && own.stdout.contains("USAGE: notif \(command)"), "\(command) --help: \(own)")
        }
        for nested in [["schemas", "push"], ["schemas", "generate"], ["dlq", "replay-all"], ["webhooks", "create"], ["config", "set"]] {
            let own = try await cli.run(nested + ["--help"])
            #expect(own.status == 0 && own.stdout.contains("OVERVIEW:"), "\(nested) --help: \(own)")
        }
        #expect(try await cli.run(["version"]).stdout == "notif v\(NotifVersion.current)\n")
        #expect(try await cli.run(["--version"]).stdout == "\(NotifVersion.current)\n")

        let jq = try await cli.run(["jq", ".data.id"], stdin: "{\"data\":{\"id\":1}}\n{\"data\":\n {\"id\": 2}}\n")
        #expect(jq.status == 0 && jq.lines == ["1", "2"], "\(jq)")
        #expect(try await cli.run(["jq", "-r", ".name"], stdin: #"{"name":"ada"}"#).lines == ["ada"])
        #expect(try await cli.run(["jq", ".a |"], stdin: "{}").status == 2)

        for shell in ["bash", "zsh", "fish"] {
            let script = try await cli.run(["completions", shell])
            #expect(script.status == 0 && script.stdout.contains("notif"), "\(shell)")
        }
        #expect(try await cli.run(["completions", "tcsh"]).status == 2)

        let session = try await cli.run(["shell"], stdin: """
            emit shell.one '{"n": 1}'
            auth nsh_x
            history
            !1
            exit
            """)
        #expect(session.status == 0, "\(session)")
        #expect(session.lines.filter { $0.hasPrefix("Emitted evt_") }.count == 2, "\(session)")
        #expect(session.stderr.contains("'auth' is not available in the shell"))
        #expect(session.stdout.contains("    1  emit shell.one '{\"n\": 1}'"))
        let historyFile = cli.home.appendingPathComponent(".notif/history")
        #expect(try String(contentsOf: historyFile, encoding: .utf8).contains("emit shell.one"))
    }
}
