import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NotifCore

/// The outermost layer of every request: request id, access log, and the guarantee that every error
/// (thrown by a handler, unknown route, wrong method, body too large) leaves as a JSON body.
struct EdgeMiddleware: RouterMiddleware {
    typealias Context = NotifRequestContext
    let routes: RouteTable
    static let requestIDHeader = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let incoming = request.headers[Self.requestIDHeader].flatMap { id in
            id.utf8.count <= 128 && id.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } ? id : nil
        }
        context.requestID = incoming ?? RandomToken.hex(bytes: 8)
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = self.response(for: error, request: request, context: context)
        }
        response.headers[Self.requestIDHeader] = context.requestID
        let elapsed = ContinuousClock.now - started
        // The path only: a query string may carry `?token=`.
        context.logger.info("request", metadata: [
            "method": "\(request.method.rawValue)", "path": "\(request.uri.path)",
            "status": "\(response.status.code)", "duration_ms": "\(Double(elapsed.nanoseconds) / 1e6)",
            "remote_ip": "\(context.clientIP)",
        ])
        return response
    }

    private func response(for error: any Error, request: Request, context: Context) -> Response {
        switch error {
        case let error as APIError:
            return error.response()
        case is BrokerPool.OrgNotConnected:
            return APIError(.serviceUnavailable, "org not connected").response()
        case let error as RateLimitExceeded:
            return (try? error.response(from: request, context: context)) ?? APIError(.tooManyRequests, "rate limit exceeded").response()
        case let error as HTTPError:
            if error.status == .notFound {
                let allowed = routes.methods(for: request.uri.path)
                if !allowed.isEmpty {
                    let allow = Set(allowed.map(\.rawValue)).sorted().joined(separator: ", ")
                    return APIError(.methodNotAllowed, "method not allowed", headers: [.allow: allow]).response()
                }
                return APIError(.notFound, "not found").response()
            }
            if error.status == .contentTooLarge { return APIError(.contentTooLarge, "request body too large").response() }
            return APIError(error.status, error.body ?? error.status.reasonPhrase.lowercased()).response()
        default:
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return APIError.internalError("internal server error").response()
        }
    }
}

/// CORS for the configured origins (`CORS_ORIGINS`). Preflights are answered here, before
/// authentication. `*` allows any origin but then never allows credentials.
struct CORSMiddleware: RouterMiddleware {
    typealias Context = NotifRequestContext
    let allowedOrigins: Set<String>
    var allowsAnyOrigin: Bool { allowedOrigins.contains("*") }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], allowsAnyOrigin || allowedOrigins.contains(origin) else {
            return try await next(request, context)
        }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var response = Response(status: .noContent)
            addHeaders(to: &response, origin: origin)
            response.headers[.accessControlAllowMethods] = "GET, POST, PUT, DELETE, OPTIONS"
            response.headers[.accessControlAllowHeaders] = "Accept, Authorization, Content-Type, X-Project-ID, X-Request-Id"
            response.headers[.accessControlMaxAge] = "300"
            return response
        }
        var response = try await next(request, context)
        addHeaders(to: &response, origin: origin)
        return response
    }

    private func addHeaders(to response: inout Response, origin: String) {
        if allowsAnyOrigin {
            response.headers[.accessControlAllowOrigin] = "*"
        } else {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlAllowCredentials] = "true"
            response.headers[.vary] = "Origin"
        }
        response.headers[.accessControlExposeHeaders] = "Link, X-Request-Id"
    }
}
