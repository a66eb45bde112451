import HTTPTypes
import Synchronization

/// The paths and methods the API serves, so an unknown method on a known path gets a 405 with an
/// `Allow` header instead of a 404.
final class RouteTable: Sendable {
    private let routes = Mutex<[(segments: [Substring], method: HTTPRequest.Method)]>([])

    func add(_ path: String, _ method: HTTPRequest.Method) {
        let segments = path.split(separator: "/")
        routes.withLock { $0.append((segments, method)) }
    }

    /// The methods served at `path`, empty when the path is unknown.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        return routes.withLock { routes in
            routes.filter { route in
                route.segments.count == parts.count && zip(route.segments, parts).allSatisfy { pattern, part in
                    (pattern.hasPrefix("{") && !part.isEmpty) || pattern == part
                }
            }.map(\.method)
        }
    }
}
