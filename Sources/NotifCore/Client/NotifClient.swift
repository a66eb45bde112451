import AsyncHTTPClient
import Foundation

/// The Swift SDK: a client for any server speaking notif's HTTP and WebSocket protocol (ours or
/// the reference). Every call is an async function returning a typed value or throwing
/// `NotifClientError`.
///
/// ```swift
/// let notif = try NotifClient.fromEnvironment()          // NOTIF_API_KEY, NOTIF_SERVER
/// let sent = try await notif.emit("orders.created", data: ["id": 42])
/// for try await event in notif.subscribe(topics: ["orders.*"]) { print(event.topic, event.data) }
/// ```
public struct NotifClient: Sendable {
    /// The hosted service; used when no server is given.
    public static let defaultServer = "https://api.notif.sh"

    public var apiKey: String?
    /// Base URL, e.g. `http://127.0.0.1:8080` (no trailing slash).
    public let server: String
    /// Deadline of one HTTP request.
    public var timeout: Duration = .seconds(30)
    /// Sent as `X-Project-ID` (and `?project_id=` on `/ws`) when set, for JWT-authenticated callers.
    public var projectID: String?
    let http: HTTPClient

    /// The HTTP client SDK calls use by default: a refused or unreachable server fails the call at
    /// once (no silent connection retries until the deadline), connecting may take 10 s.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(10)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// A client for `server` with `apiKey` (nil for unauthenticated calls such as `health()`).
    public init(apiKey: String?, server: String = NotifClient.defaultServer, httpClient: HTTPClient = NotifClient.sharedHTTPClient) {
        self.apiKey = apiKey
        var base = server.trimmingCharacters(in: .whitespaces)
        while base.hasSuffix("/") { base.removeLast() }
        self.server = base
        self.http = httpClient
    }

    /// A client from `NOTIF_API_KEY` (required), `NOTIF_SERVER` and `NOTIF_PROJECT_ID`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> NotifClient {
        guard let key = environment["NOTIF_API_KEY"], !key.isEmpty else {
            throw NotifClientError.unauthorized("NOTIF_API_KEY is not set")
        }
        let server = environment["NOTIF_SERVER"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultServer
        var client = NotifClient(apiKey: key, server: server)
        client.projectID = environment["NOTIF_PROJECT_ID"].flatMap { $0.isEmpty ? nil : $0 }
        return client
    }

    /// API keys look like `nsh_` followed by 28 letters and digits.
    public static func isWellFormedAPIKey(_ key: String) -> Bool {
        key.hasPrefix("nsh_") && key.utf8.count == 32 && key.utf8.dropFirst(4).allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        }
    }
}
