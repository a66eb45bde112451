import HTTPTypes
import Hummingbird
import NotifCore

/// `Idempotency-Key` on emit and schedule creation: the first successful response to a key is
/// stored (per project and route, in Postgres) and returned again for 24 hours, without doing the
/// work twice. A key reused for a different request is `422`; a repeat while the first request is
/// still running is `409`. Failed requests are forgotten, so the client may retry with the same key.
enum IdempotencyKey {
    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    /// The key of the request, if any (1 to 255 characters).
    static func of(_ request: Request) throws -> String? {
        guard let key = request.headers[header] else { return nil }
        guard !key.isEmpty, key.utf8.count <= 255 else { throw APIError.badRequest("Idempotency-Key must be 1 to 255 characters") }
        return key
    }

    /// Runs `produce` once per key; `fingerprint` identifies the request's content.
    static func respond(_ key: String?, route: String, fingerprint: String, auth: AuthenticatedKey, server: ServerContext,
                        context: NotifRequestContext, produce: () async throws -> (JSONValue, HTTPResponse.Status)) async throws -> Response {
        guard let key else {
            let (body, status) = try await produce()
            return .json(body, status: status)
        }
        let store = server.database.idempotency
        let hash = Digest.sha256Hex(fingerprint)
        let claim: IdempotencyRepository.Claim
        do {
            claim = try await store.claim(projectID: auth.projectID, route: route, key: key, requestHash: hash)
        } catch {
            context.logger.error("idempotency lookup failed", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError(.serviceUnavailable, "idempotency store unavailable")
        }
        switch claim {
        case .replay(let status, let stored):
            var response = Response.json((try? JSONValue.parse(stored)) ?? .object([]), status: .init(code: status))
            response.headers[replayedHeader] = "true"
            return response
        case .inProgress:
            throw APIError(.conflict, "a request with this Idempotency-Key is in progress")
        case .mismatch:
            throw APIError(.unprocessableContent, "Idempotency-Key was already used for a different request")
        case .proceed:
            break
        }
        let body: JSONValue
        let status: HTTPResponse.Status
        do {
            (body, status) = try await produce()
        } catch {
            try? await store.abandon(projectID: auth.projectID, route: route, key: key)
            throw error
        }
        do {
            try await store.complete(projectID: auth.projectID, route: route, key: key, status: status.code, body: body.jsonString)
        } catch {
            context.logger.warning("idempotency record failed", metadata: ["error": "\(String(reflecting: error))"])
        }
        if Int.random(in: 0..<500) == 0 { try? await store.purgeExpired() }
        return .json(body, status: status)
    }
}
