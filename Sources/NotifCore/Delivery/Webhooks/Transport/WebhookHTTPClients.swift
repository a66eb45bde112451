import AsyncHTTPClient
import Logging
import NIOCore
import NIOSSL

/// How webhook `HTTPClient`s are configured: one per pinned destination (see `WebhookClientCache`).
enum WebhookHTTPClients {
    /// `connections`: connections per destination, as many as the attempts the dispatcher may have in
    /// flight, so webhooks sharing a host (another path, another webhook) never queue behind a
    /// hanging one in the pool: the dispatcher's per-endpoint limit is the only limit.
    static func make(for key: WebhookClientCache.Key, connectTimeout: Duration, requestTimeout: Duration,
                     connections: Int, tlsConfiguration: TLSConfiguration?, logger: Logger) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = tlsConfiguration
        // Redirects are followed by WebhookSender, which re-validates every hop.
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: TimeAmount(connectTimeout), read: TimeAmount(requestTimeout))
        // A proxy would resolve the name itself and defeat the pinning.
        configuration.proxy = nil
        configuration.decompression = .disabled
        // Deliveries are retried by the caller on its own schedule; fail fast on refused connections.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, connections)
        if key.address.urlHost != key.host {
            // The URL's name → the checked address. AHC keeps the name for the Host header, SNI and
            // certificate verification. IP-literal URLs are dialled directly, no override needed.
            configuration.dnsOverride = [key.host: key.address.description]
        }
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration,
                          backgroundActivityLogger: logger)
    }
}
