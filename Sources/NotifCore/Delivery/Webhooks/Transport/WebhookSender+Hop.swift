import AsyncHTTPClient
import NIOCore

/// One hop of a webhook delivery: a POST to a validated target over the pinned client.
extension WebhookSender {
    struct HopResponse: Sendable {
        let status: Int
        let location: String?
        let bodyPrefix: [UInt8]
    }

    struct SenderShutDown: Error, CustomStringConvertible {
        var description: String { "sender is shut down" }
    }

    /// One POST to the target's first checked address; reads at most 1 KiB of the response body.
    func perform(_ target: ValidatedWebhookTarget, body: [UInt8], headers: [(String, String)],
                 deadline: ContinuousClock.Instant, hop: Int) async throws -> HopResponse {
        let key = WebhookClientCache.Key(scheme: target.url.scheme, host: target.url.hostText,
                                         address: target.address, port: target.url.port)
        guard let lease = clients.acquire(key) else { throw SenderShutDown() }
        defer { clients.release(lease) }

        var request = HTTPClientRequest(url: target.url.absoluteString)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.headers.replaceOrAdd(name: "User-Agent", value: userAgent)
        request.body = .bytes(ByteBuffer(bytes: body))

        logger.debug("webhook hop", metadata: [
            "hop": "\(hop)", "origin": "\(target.url.origin)", "address": "\(target.address)",
        ])
        let remaining = deadline - ContinuousClock.now
        let response = try await lease.client.execute(request, deadline: .now() + TimeAmount(remaining), logger: clientLogger)
        var prefix: [UInt8] = []
        for try await chunk in response.body {
            prefix += chunk.readableBytesView.prefix(WebhookText.limit - prefix.count)
            if prefix.count >= WebhookText.limit { break }  // dropping the stream closes the connection
        }
        return HopResponse(status: Int(response.status.code), location: response.headers.first(name: "location"), bodyPrefix: prefix)
    }

    /// Drops reserved headers and headers whose name or value could split the request.
    func sanitise(_ headers: [(String, String)]) -> [(String, String)] {
        headers.filter { name, value in
            let validName = !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: ":") }
            let validValue = !value.utf8.contains { $0 == 0x0d || $0 == 0x0a || $0 == 0x00 }
            let allowed = validName && validValue && !Self.reservedHeaders.contains(name.lowercased())
            if !allowed { logger.debug("webhook header dropped", metadata: ["header": "\(validName ? name : "<invalid>")"]) }
            return allowed
        }
    }
}
