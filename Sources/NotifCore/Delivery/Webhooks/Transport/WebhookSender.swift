import AsyncHTTPClient
import Logging
import NIOSSL

/// Delivers one webhook: a POST of `body` with `headers` to a URL, following redirects itself.
///
/// Every hop (the first request and each redirect) is validated by the `WebhookURLGuard` (string
/// rules, DNS, every resolved address, blocked ports) and then sent to exactly one of the checked
/// addresses: the host name is pinned with AsyncHTTPClient's `dnsOverride`, so the OS resolver is
/// never asked again (no DNS-rebinding window) while the Host header, TLS SNI and certificate
/// checks still use the URL's host name. At most 1 KiB of each response body is read.
/// `send` never throws; it never logs bodies, header values or URL paths (which may hold tokens).
/// Authorization and Cookie headers are dropped when a redirect leaves the original origin.
/// Call `shutdown()` before dropping the sender.
public final class WebhookSender: Sendable {
    /// Redirect statuses that are followed (the same POST is sent again).
    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]
    /// Headers the caller may not set: framing and hop-by-hop headers belong to the HTTP client.
    static let reservedHeaders: Set<String> = [
        "host", "content-length", "transfer-encoding", "connection", "keep-alive", "te", "trailer",
        "upgrade", "proxy-connection", "proxy-authorization", "expect", "user-agent",
    ]
    /// Credentials are not carried to another origin by a redirect (as curl and browsers do);
    /// signature headers are, since they only vouch for the body.
    static let credentialHeaders: Set<String> = ["authorization", "cookie"]

    let urlGuard: WebhookURLGuard
    let userAgent: String
    let connectTimeout: Duration
    let requestTimeout: Duration
    let maxRedirects: Int
    let logger: Logger
    /// The logger handed to AsyncHTTPClient: never below debug, because at trace level AHC logs
    /// every HTTP part it reads (response headers such as Location, and body bytes).
    let clientLogger: Logger
    let clients: WebhookClientCache

    public convenience init(guard urlGuard: WebhookURLGuard, userAgent: String = "notif-webhooks/0.1",
                            connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(30),
                            maxRedirects: Int = 3, connectionsPerDestination: Int = 256, logger: Logger) {
        self.init(guard: urlGuard, userAgent: userAgent, connectTimeout: connectTimeout, requestTimeout: requestTimeout,
                  maxRedirects: maxRedirects, connectionsPerDestination: connectionsPerDestination, tlsConfiguration: nil,
                  logger: logger)
    }

    /// `tlsConfiguration` replaces the default (system trust roots, full verification); tests use it
    /// to trust a test CA.
    init(guard urlGuard: WebhookURLGuard, userAgent: String, connectTimeout: Duration, requestTimeout: Duration,
         maxRedirects: Int, connectionsPerDestination: Int = 256, tlsConfiguration: TLSConfiguration?, logger: Logger) {
        self.urlGuard = urlGuard
        self.userAgent = userAgent
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maxRedirects = max(0, maxRedirects)
        self.logger = logger
        var quieter = logger
        quieter.logLevel = max(logger.logLevel, .debug)
        let clientLogger = quieter
        self.clientLogger = clientLogger
        self.clients = WebhookClientCache(capacity: 64) { key in
            WebhookHTTPClients.make(for: key, connectTimeout: connectTimeout, requestTimeout: requestTimeout,
                                    connections: connectionsPerDestination, tlsConfiguration: tlsConfiguration, logger: clientLogger)
        }
    }

    /// POSTs `body` to `url` (and its redirects, up to `maxRedirects`), within `requestTimeout` overall.
    public func send(url: String, body: [UInt8], headers: [(String, String)]) async -> WebhookSendResult {
        let start = ContinuousClock.now
        let deadline = start + requestTimeout
        let outcome: Outcome
        do {
            outcome = try await withWebhookDeadline(deadline) { [self] in
                try await follow(url: url, body: body, headers: headers, deadline: deadline)
            }
        } catch is WebhookDeadlineExceeded {
            outcome = .failed("timed out after \(requestTimeout)")
        } catch {
            outcome = .failed(WebhookText.failure(error, connectTimeout: connectTimeout, requestTimeout: requestTimeout))
        }
        let latency = ContinuousClock.now - start

        switch outcome {
        case .response(let status, let prefix):
            let text = WebhookText.lossyUTF8(prefix)
            let succeeded = (200..<300).contains(status)
            logger.debug("webhook response", metadata: ["status": "\(status)", "latency": "\(latency)"])
            return WebhookSendResult(statusCode: status, responseBody: text, latency: latency,
                                     error: succeeded ? nil : "HTTP \(status): \(text)")
        case .blocked(let reason, let logReason):
            logger.notice("webhook blocked", metadata: ["reason": "\(logReason)"])
            return WebhookSendResult(statusCode: nil, responseBody: "", latency: latency, error: "blocked: \(reason)")
        case .failed(let reason, let logReason):
            logger.debug("webhook request failed", metadata: ["reason": "\(logReason)", "latency": "\(latency)"])
            return WebhookSendResult(statusCode: nil, responseBody: "", latency: latency, error: "request failed: \(reason)")
        }
    }

    /// Shuts down every HTTP client; later sends fail with "request failed: sender is shut down".
    public func shutdown() async {
        await clients.shutdown()
    }

    // MARK: - Redirects

    /// `reason` is for the result (it names a redirect target with its path); `logReason` is the same without the path.
    private enum Outcome: Sendable {
        case response(status: Int, bodyPrefix: [UInt8])
        case blocked(reason: String, logReason: String)
        case failed(reason: String, logReason: String)

        static func failed(_ reason: String) -> Outcome { .failed(reason: reason, logReason: reason) }
    }

    /// Validates and sends each hop; follows redirects up to `maxRedirects`, each one re-validated.
    private func follow(url: String, body: [UInt8], headers: [(String, String)], deadline: ContinuousClock.Instant) async throws -> Outcome {
        var hopHeaders = sanitise(headers)
        var current = url
        var redirects = 0
        var previousOrigin: String?
        while true {
            let target: ValidatedWebhookTarget
            do {
                target = try await urlGuard.validate(current)
            } catch {
                // Unresolvable may be transient (DNS outage): a failure to retry, not a blocked URL.
                let transient = error.kind == .unresolvable
                guard redirects > 0 else {
                    return transient ? .failed(error.description) : .blocked(reason: error.description, logReason: error.description)
                }
                let reason = "redirect \(redirects) to \(WebhookText.redirectTarget(current, includePath: true)) refused: \(error)"
                let logReason = "redirect \(redirects) to \(WebhookText.redirectTarget(current, includePath: false)) refused: \(error)"
                return transient ? .failed(reason: reason, logReason: logReason) : .blocked(reason: reason, logReason: logReason)
            }
            if let previousOrigin, previousOrigin != target.url.origin {
                hopHeaders.removeAll { Self.credentialHeaders.contains($0.0.lowercased()) }
            }
            previousOrigin = target.url.origin
            let response = try await perform(target, body: body, headers: hopHeaders, deadline: deadline, hop: redirects)
            guard Self.redirectStatuses.contains(response.status), let location = response.location else {
                return .response(status: response.status, bodyPrefix: response.bodyPrefix)
            }
            guard redirects < maxRedirects else {
                return .failed("too many redirects (more than \(maxRedirects)); last status \(response.status)")
            }
            redirects += 1
            current = target.url.resolving(location: location)
        }
    }
}
