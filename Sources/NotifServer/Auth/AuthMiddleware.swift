import HTTPTypes
import Hummingbird
import NIOCore
import NotifAudit
import NotifCore

/// API-key authentication (api-spec §1.1) followed by the per-key rate limit. The key comes from
/// `Authorization: Bearer` (scheme case-insensitive) or `?token=`; the header wins.
///
/// Unlike the reference, the limit runs after authentication, so each key gets its own budget
/// (its `rate_limit_per_second`, burst twice that), and failed attempts are charged to the caller's IP.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = NotifRequestContext
    let authenticator: APIKeyAuthenticator
    let limiter: RateLimiter
    let ipRate: Int
    /// Failed attempts are audited (`auth.failure`), at most about one a second per IP.
    let audit: AuditLog?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = Self.bearerToken(request), token.hasPrefix(APIKeySecret.prefix) else {
            recordFailure(context, request, reason: "api key required")
            try chargeIP(context)
            throw APIError(.unauthorized, "api key required")
        }
        let key: AuthenticatedKey?
        do {
            key = try await authenticator.authenticate(token)
        } catch {
            context.logger.error("key lookup failed", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError(.serviceUnavailable, "authentication temporarily unavailable")
        }
        guard let key else {
            recordFailure(context, request, reason: "invalid api key", keyPrefix: String(token.prefix(12)))
            try chargeIP(context)
            throw APIError(.unauthorized, "invalid api key")
        }
        let rate = max(1, key.rateLimitPerSecond)
        guard limiter.allow("apikey:\(key.keyID)", rate: rate, burst: rate * 2) else {
            throw RateLimitExceeded(limit: rate)
        }
        var context = context
        context.auth = key
        context.logger[metadataKey: "key_id"] = .string(key.keyID.uuidString.lowercased())
        return try await next(request, context)
    }

    /// An `auth.failure` entry (system-level: no org is known), rate limited per IP so that a flood of
    /// bad keys cannot flood the audit table. Only the key's prefix is kept, never the key.
    private func recordFailure(_ context: Context, _ request: Request, reason: String, keyPrefix: String? = nil) {
        guard let audit, limiter.allow("audit-auth-failure:\(context.clientIP)", rate: 1, burst: 5) else { return }
        audit.record(.byCaller("auth.failure", key: nil, ip: context.clientIP, requestID: context.requestID, target: request.uri.path,
                               detail: .object(["reason": .string(reason), "key_prefix": keyPrefix.map { .string($0) }])))
    }

    private func chargeIP(_ context: Context) throws {
        guard limiter.allow("ip:\(context.clientIP)", rate: ipRate, burst: ipRate * 2) else {
            throw RateLimitExceeded(limit: ipRate)
        }
    }

    static func bearerToken(_ request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return String(parts[1])
            }
        }
        return request.uri.queryParameters.get("token")
    }
}

/// Per-IP limit for unauthenticated routes (bootstrap): 10 requests/s, burst 20 by default.
struct IPRateLimitMiddleware: RouterMiddleware {
    typealias Context = NotifRequestContext
    let limiter: RateLimiter
    let rate: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard limiter.allow("ip:\(context.clientIP)", rate: rate, burst: rate * 2) else {
            throw RateLimitExceeded(limit: rate)
        }
        return try await next(request, context)
    }
}

/// The reference's exact 429: `{"error":"rate limit exceeded"}` without a newline, `Retry-After: 1`,
/// `X-RateLimit-Limit` and `X-RateLimit-Remaining: 0`.
struct RateLimitExceeded: Error, HTTPResponseError {
    let limit: Int
    var status: HTTPResponse.Status { .tooManyRequests }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .tooManyRequests,
                 headers: [.contentType: "application/json", .retryAfter: "1",
                           HTTPField.Name("X-RateLimit-Limit")!: "\(limit)", HTTPField.Name("X-RateLimit-Remaining")!: "0"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: "{\"error\":\"rate limit exceeded\"}")))
    }
}
