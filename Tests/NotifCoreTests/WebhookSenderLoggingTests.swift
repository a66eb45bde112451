import Logging
import NotifCore
import NotifTesting
import Synchronization
import Testing

/// Nothing secret reaches the logs, even at trace level: not the body, not header values (the
/// signatures), not the URL's path or query (webhook URLs often carry tokens there).
@Suite("Webhook sender logging")
struct WebhookSenderLoggingTests {
    @Test func logsCarryNoBodyHeadersOrPaths() async throws {
        let records = LogRecords()
        var logger = Logger(label: "recording") { _ in RecordingLogHandler(records: records) }
        logger.logLevel = .trace

        let receiver = try await WebhookReceiver.start(secret: "whsec-LOG-SECRET")
        receiver.respond(to: "/hooks/PATH-TOKEN", with: [.redirect(to: "/next/REDIRECT-TOKEN?q=QUERY-TOKEN", status: 307)])
        receiver.respond(to: "/next/REDIRECT-TOKEN", with: [.redirect(to: "http://169.254.169.254/META-PATH?x=META-QUERY", status: 302)])
        let resolver = StaticHostResolver(["hooks.test": [IPAddress("127.0.0.1")!]])
        let sender = WebhookSender(guard: WebhookURLGuard(policy: WebhookURLPolicy(allowPrivateNetworks: true), resolver: resolver),
                                   logger: logger)
        let body = Array(#"{"marker":"BODY-MARKER"}"#.utf8)
        let headers = [("X-Notif-Signature", WebhookSignature.notif(body: body, secret: "whsec-LOG-SECRET")),
                       ("Authorization", "Bearer HEADER-TOKEN")]

        let result = await sender.send(url: "http://hooks.test:\(receiver.port)/hooks/PATH-TOKEN?t=URL-QUERY-TOKEN",
                                       body: body, headers: headers)
        #expect(result.error?.hasPrefix("blocked: redirect 2 to http://169.254.169.254/META-PATH?… refused") == true, "\(result.error ?? "")")
        receiver.respond(to: "/dangling", with: [.redirect(to: "http://nowhere.test/NOWHERE-PATH", status: 307)])
        let dangling = await sender.send(url: receiver.url(path: "/dangling"), body: body, headers: headers)
        #expect(dangling.error == "request failed: redirect 1 to http://nowhere.test/NOWHERE-PATH refused: host does not resolve: nowhere.test: unknown host")
        await sender.shutdown()
        await receiver.stop()

        let logged = records.all.joined(separator: "\n")
        #expect(!logged.isEmpty)
        for secret in ["BODY-MARKER", "LOG-SECRET", "sha256=", "HEADER-TOKEN", "PATH-TOKEN", "URL-QUERY-TOKEN",
                       "REDIRECT-TOKEN", "QUERY-TOKEN", "META-PATH", "META-QUERY", "NOWHERE-PATH"] {
            #expect(!logged.contains(secret), "log output contains \(secret)")
        }
        #expect(logged.contains("webhook blocked"))
        #expect(logged.contains("webhook request failed"))
    }
}

private final class LogRecords: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

private struct RecordingLogHandler: LogHandler {
    let records: LogRecords
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        records.append("\(event.level) \(event.message) \(merged.map { "\($0)=\($1)" }.sorted().joined(separator: " ")) \(event.source)")
    }
}
