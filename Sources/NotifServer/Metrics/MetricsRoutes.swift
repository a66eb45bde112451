import Hummingbird
import NIOCore
import NotifCore

/// `GET /metrics`: every swift-metrics metric of the process in the Prometheus text format, for a
/// platform key (org ids appear in labels): `authorization: {credentials: nsh_…}` in the scrape config.
enum MetricsRoutes {
    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        routes.on(.get, "/metrics") { _, context in
            _ = try context.requirePlatform()
            guard let registry = server.configuration.prometheus else { throw APIError.notFound("metrics are not enabled") }
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
