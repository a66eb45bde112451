import Logging
import NotifCore
import NotifTesting
import Testing

/// The sender against a real local receiver. Names resolve through StaticHostResolver (no internet).
@Suite("Webhook sender")
struct WebhookSenderTests {
    static let secret = "whsec-test-secret"
    static let logger: Logger = {
        var logger = Logger(label: "notif.webhook-sender.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// Starts a receiver and a sender (private networks allowed unless told), runs `body`, always cleans up.
    func withSender(policy: WebhookURLPolicy = WebhookURLPolicy(allowPrivateNetworks: true),
                    resolver: some HostResolver = StaticHostResolver([:]),
                    requestTimeout: Duration = .seconds(10), maxRedirects: Int = 3,
                    _ body: (WebhookSender, WebhookReceiver) async throws -> Void) async throws {
        let receiver = try await WebhookReceiver.start(secret: Self.secret)
        let sender = WebhookSender(guard: WebhookURLGuard(policy: policy, resolver: resolver),
                                   requestTimeout: requestTimeout, maxRedirects: maxRedirects, logger: Self.logger)
        do {
            try await body(sender, receiver)
        } catch {
            await sender.shutdown()
            await receiver.stop()
            throw error
        }
        await sender.shutdown()
        await receiver.stop()
    }

    static func signedHeaders(_ body: [UInt8], secrets: [String] = [secret], id: String = "msg_1") -> [(String, String)] {
        let timestamp = WebhookSignature.currentUnixTime()
        return [
            ("Content-Type", "application/json"),
            (WebhookSignature.notifHeader, WebhookSignature.notif(body: body, secret: secrets[0])),
            (WebhookSignature.standardIDHeader, id),
            (WebhookSignature.standardTimestampHeader, "\(timestamp)"),
            (WebhookSignature.standardSignatureHeader,
             WebhookSignature.standardWebhooks(messageID: id, timestamp: timestamp, body: body, secrets: secrets)),
        ]
    }

    static let payload = Array(#"{"event":"order.created","id":42}"#.utf8)

    @Test func deliversWithVerifiedSignatures() async throws {
        try await withSender { sender, receiver in
            let headers = Self.signedHeaders(Self.payload) + [("Host", "evil.example"), ("Content-Length", "1"), ("X-Bad", "a\r\nb")]
            let result = await sender.send(url: receiver.url(path: "/hook"), body: Self.payload, headers: headers)
            #expect(result.succeeded)
            #expect(result.statusCode == 200)
            #expect(result.error == nil)
            #expect(result.responseBody == "ok")
            #expect(result.latency > .zero)

            let received = try await receiver.waitForRequests(count: 1, path: "/hook")
            let request = try #require(received.first)
            #expect(request.method == "POST")
            #expect(request.body == Self.payload)
            #expect(request.notifSignatureVerified)
            #expect(request.standardSignatureVerified)
            #expect(request.header("User-Agent") == "notif-webhooks/0.1")
            #expect(request.header("Content-Type") == "application/json")
            #expect(request.header("Host") == "127.0.0.1:\(receiver.port)")
            #expect(request.header("Content-Length") == "\(Self.payload.count)")
            #expect(request.header("X-Bad") == nil)
        }
    }

    @Test func rotatedSecretStillVerifies() async throws {
        try await withSender { sender, receiver in
            // Current secret first, the receiver still on the previous one.
            let headers = Self.signedHeaders(Self.payload, secrets: ["whsec-next", Self.secret])
            let result = await sender.send(url: receiver.url(path: "/rotate"), body: Self.payload, headers: headers)
            #expect(result.succeeded)
            let request = try #require(try await receiver.waitForRequests(count: 1, path: "/rotate").first)
            #expect(request.standardSignatureVerified)
            #expect(!request.notifSignatureVerified)  // X-Notif-Signature carries only the current secret
            #expect(request.header("webhook-signature")?.split(separator: " ").count == 2)
        }
    }

    @Test func serverErrorTruncatesBody() async throws {
        try await withSender { sender, receiver in
            let bigBody = Array(String(repeating: "0123456789abcdef", count: 320).utf8)  // 5 KiB
            receiver.respond(to: "/fail", with: [.status(500, body: bigBody)])
            let result = await sender.send(url: receiver.url(path: "/fail"), body: Self.payload, headers: [])
            #expect(!result.succeeded)
            #expect(result.statusCode == 500)
            #expect(result.responseBody.utf8.count == 1024)
            #expect(result.responseBody == String(decoding: bigBody.prefix(1024), as: UTF8.self))
            let error = try #require(result.error)
            #expect(error.hasPrefix("HTTP 500: 0123456789abcdef"))
            #expect(error.utf8.count == 1024)
        }
    }

    @Test func statusSequence() async throws {
        try await withSender { sender, receiver in
            receiver.respond(to: "/flaky", statuses: [500, 503, 200])
            var statuses: [Int?] = []
            for _ in 0..<4 {
                statuses.append(await sender.send(url: receiver.url(path: "/flaky"), body: Self.payload, headers: []).statusCode)
            }
            #expect(statuses == [500, 503, 200, 200])
            let received = try await receiver.waitForRequests(count: 4, path: "/flaky")
            #expect(received.count == 4)
        }
    }

    @Test func hangingReceiverTimesOut() async throws {
        try await withSender(requestTimeout: .seconds(1)) { sender, receiver in
            receiver.respond(to: "/hang", with: [.hang])
            let result = await sender.send(url: receiver.url(path: "/hang"), body: Self.payload, headers: [])
            #expect(result.statusCode == nil)
            let error = try #require(result.error)
            #expect(error.hasPrefix("request failed: "))
            #expect(error.contains("timed out"))
            #expect(result.latency >= .milliseconds(900))
            #expect(result.latency < .seconds(5))
            #expect(try await receiver.waitForRequests(count: 1, path: "/hang").count == 1)
        }
    }

    @Test func followsRedirectToSameReceiver() async throws {
        try await withSender { sender, receiver in
            receiver.respond(to: "/start", with: [.redirect(to: "/final", status: 307)])
            receiver.respond(to: "/final", with: [.status(202, body: Array("accepted".utf8))])
            let headers = Self.signedHeaders(Self.payload)
            let result = await sender.send(url: receiver.url(path: "/start"), body: Self.payload, headers: headers)
            #expect(result.succeeded)
            #expect(result.statusCode == 202)
            #expect(result.responseBody == "accepted")
            let final = try #require(try await receiver.waitForRequests(count: 1, path: "/final").first)
            #expect(final.method == "POST")
            #expect(final.body == Self.payload)
            #expect(final.notifSignatureVerified && final.standardSignatureVerified)
            #expect(receiver.requests.map(\.path) == ["/start", "/final"])
        }
    }

    @Test func crossOriginRedirectDropsCredentialsKeepsSignatures() async throws {
        let resolver = StaticHostResolver(["hooks.test": [IPAddress("127.0.0.1")!]])
        try await withSender(resolver: resolver) { sender, receiver in
            receiver.respond(to: "/same", with: [.redirect(to: "/other-origin", status: 307)])
            receiver.respond(to: "/other-origin", with: [.redirect(to: receiver.url(host: "hooks.test", path: "/final"), status: 307)])
            let headers = Self.signedHeaders(Self.payload) + [("Authorization", "Bearer t"), ("Cookie", "c=1")]
            let result = await sender.send(url: receiver.url(path: "/same"), body: Self.payload, headers: headers)
            #expect(result.succeeded, "\(result.error ?? "")")
            let requests = try await receiver.waitForRequests(count: 3)
            #expect(requests.map(\.path) == ["/same", "/other-origin", "/final"])
            #expect(requests[1].header("Authorization") == "Bearer t")  // same origin: kept
            #expect(requests[2].header("Authorization") == nil)        // 127.0.0.1 → hooks.test: dropped
            #expect(requests[2].header("Cookie") == nil)
            #expect(requests[2].notifSignatureVerified && requests[2].standardSignatureVerified)
            #expect(requests[2].header("Host") == "hooks.test:\(receiver.port)")
        }
    }

    @Test(arguments: [301, 302, 303, 308])
    func followsEveryRedirectStatus(_ status: Int) async throws {
        try await withSender { sender, receiver in
            receiver.respond(to: "/a/start", with: [.redirect(to: "next?x=1", status: status)])
            let result = await sender.send(url: receiver.url(path: "/a/start"), body: Self.payload, headers: [])
            #expect(result.statusCode == 200)
            let next = try #require(try await receiver.waitForRequests(count: 1, path: "/a/next").first)
            #expect(next.method == "POST")
            #expect(next.query == "x=1")
            #expect(next.body == Self.payload)
        }
    }

    @Test func redirectToMetadataIsBlocked() async throws {
        try await withSender { sender, receiver in
            receiver.respond(to: "/evil", with: [.redirect(to: "http://169.254.169.254/latest/meta-data/", status: 302)])
            let result = await sender.send(url: receiver.url(path: "/evil"), body: Self.payload, headers: [])
            #expect(result.statusCode == nil)
            let error = try #require(result.error)
            #expect(error.hasPrefix("blocked: redirect 1 to http://169.254.169.254/latest/meta-data/ refused"))
            #expect(error.contains("metadata"))
            #expect(receiver.requests.map(\.path) == ["/evil"])
        }
    }

    @Test func redirectHopsAreRevalidated() async throws {
        // Each hop goes through the guard again: its DNS answer and its port, not just the first URL.
        let resolver = StaticHostResolver(["alias.test": [IPAddress("169.254.169.254")!]])
        try await withSender(resolver: resolver) { sender, receiver in
            receiver.respond(to: "/dns", with: [.redirect(to: "http://alias.test/x?token=secret", status: 307)])
            receiver.respond(to: "/port", with: [.redirect(to: "http://127.0.0.1:6379/", status: 308)])
            receiver.respond(to: "/scheme", with: [.redirect(to: "file:///etc/passwd", status: 302)])

            let dns = await sender.send(url: receiver.url(path: "/dns"), body: Self.payload, headers: [])
            #expect(dns.error?.hasPrefix("blocked: redirect 1 to http://alias.test/x?… refused: blocked address: alias.test resolves to 169.254.169.254") == true,
                    "\(dns.error ?? "")")
            let port = await sender.send(url: receiver.url(path: "/port"), body: Self.payload, headers: [])
            #expect(port.error == "blocked: redirect 1 to http://127.0.0.1:6379/ refused: blocked port: port 6379")
            let scheme = await sender.send(url: receiver.url(path: "/scheme"), body: Self.payload, headers: [])
            #expect(scheme.error?.hasPrefix("blocked: redirect 1 to file:///etc/passwd refused: unsupported scheme") == true)
            #expect(receiver.requests.map(\.path) == ["/dns", "/port", "/scheme"])
        }
    }

    @Test func redirectLimit() async throws {
        try await withSender(maxRedirects: 2) { sender, receiver in
            receiver.respond(to: "/loop", with: [.redirect(to: "/loop", status: 307)])
            let result = await sender.send(url: receiver.url(path: "/loop"), body: Self.payload, headers: [])
            #expect(result.statusCode == nil)
            #expect(result.error?.hasPrefix("request failed: too many redirects") == true)
            #expect(receiver.requests.count == 3)
        }
    }

    @Test func dialsTheCheckedAddress() async throws {
        // "hooks.test" does not exist for the OS resolver; only the pinned address can reach the receiver.
        let resolver = StaticHostResolver(["hooks.test": [IPAddress("127.0.0.1")!]])
        try await withSender(resolver: resolver) { sender, receiver in
            let result = await sender.send(url: "http://hooks.test:\(receiver.port)/p", body: Self.payload, headers: [])
            #expect(result.succeeded, "\(result.error ?? "")")
            let request = try #require(try await receiver.waitForRequests(count: 1, path: "/p").first)
            #expect(request.header("Host") == "hooks.test:\(receiver.port)")
        }
    }

    @Test func blockedResolutionSendsNothing() async throws {
        let resolver = StaticHostResolver(["internal.test": [IPAddress("10.0.0.1")!]])
        try await withSender(policy: .standard, resolver: resolver) { sender, receiver in
            let result = await sender.send(url: "http://internal.test:\(receiver.port)/p", body: Self.payload, headers: [])
            #expect(result.statusCode == nil)
            let error = try #require(result.error)
            #expect(error.hasPrefix("blocked: "))
            #expect(error.contains("10.0.0.1"))
            #expect(receiver.requests.isEmpty)
        }
    }

    @Test func blockedURLSendsNothing() async throws {
        try await withSender(policy: .standard) { sender, receiver in
            let result = await sender.send(url: receiver.url(path: "/p"), body: Self.payload, headers: [])
            #expect(result.error?.hasPrefix("blocked: blocked address: 127.0.0.1") == true, "\(result.error ?? "")")
            let syntax = await sender.send(url: "ftp://example.com/", body: Self.payload, headers: [])
            #expect(syntax.error == "blocked: unsupported scheme: ftp (only http and https)")
            #expect(receiver.requests.isEmpty)
        }
    }

    @Test func unresolvableIsARequestFailure() async throws {
        try await withSender { sender, _ in
            let result = await sender.send(url: "http://nowhere.test/", body: Self.payload, headers: [])
            #expect(result.error?.hasPrefix("request failed: host does not resolve: nowhere.test") == true, "\(result.error ?? "")")
        }
    }

    @Test func connectionRefusedFailsFast() async throws {
        let closed = try await WebhookReceiver.start()
        let url = closed.url(path: "/gone")
        await closed.stop()
        try await withSender { sender, _ in
            let result = await sender.send(url: url, body: Self.payload, headers: [])
            #expect(result.statusCode == nil)
            #expect(result.error?.hasPrefix("request failed: ") == true)
            #expect(result.latency < .seconds(5))
        }
    }

    @Test func sendAfterShutdownFails() async throws {
        let sender = WebhookSender(guard: WebhookURLGuard(policy: WebhookURLPolicy(allowPrivateNetworks: true)), logger: Self.logger)
        await sender.shutdown()
        let result = await sender.send(url: "http://127.0.0.1:9/", body: [], headers: [])
        #expect(result.error == "request failed: sender is shut down")
    }
}
