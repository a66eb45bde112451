import AsyncHTTPClient
import NIOCore

/// A key for load: the caller's own keys are limited to 100 requests/s by default, so a benchmark
/// makes a key of its own without that limit when the caller's key may (an admin or platform key)
/// and revokes it afterwards; otherwise it uses the caller's key as it is.
struct BenchKey {
    let secret: String
    private let id: String?
    private let server: String
    private let creator: String

    private static func make(server: String, apiKey: String) async -> BenchKey {
        var request = HTTPClientRequest(url: server + "/api/v1/api-keys")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: JSONValue.object(["name": "notif bench", "rate_limit_per_second": 1_000_000]).serialized()))
        guard let response = try? await NotifClient.sharedHTTPClient.execute(request, timeout: .seconds(10)),
              let bytes = try? await response.body.collect(upTo: 1 << 20), response.status == .created,
              let json = try? JSONValue.parse(Array(buffer: bytes)), let key = json["full_key"]?.stringValue else {
            return BenchKey(secret: apiKey, id: nil, server: server, creator: apiKey)
        }
        return BenchKey(secret: key, id: json["id"]?.stringValue, server: server, creator: apiKey)
    }

    /// Runs `body` with the secret of a bench key (see `make`), revoked afterwards whatever happens.
    static func using<T>(server: String, apiKey: String, _ body: (String) async throws -> T) async throws -> T {
        let key = await make(server: server, apiKey: apiKey)
        do {
            let result = try await body(key.secret)
            await key.revoke()
            return result
        } catch {
            await key.revoke()
            throw error
        }
    }

    /// Revokes the key made for the run (nothing when the caller's key was used).
    private func revoke() async {
        guard let id else { return }
        var request = HTTPClientRequest(url: server + "/api/v1/api-keys/\(id)")
        request.method = .DELETE
        request.headers.add(name: "Authorization", value: "Bearer \(creator)")
        if let response = try? await NotifClient.sharedHTTPClient.execute(request, timeout: .seconds(10)) {
            _ = try? await response.body.collect(upTo: 1 << 16)
        }
    }
}
