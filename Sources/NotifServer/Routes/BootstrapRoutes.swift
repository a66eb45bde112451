import Hummingbird
import NotifAudit
import NotifCore

/// `GET /api/v1/bootstrap/status`, `POST /api/v1/bootstrap` (unauthenticated, IP rate limited).
enum BootstrapRoutes {
    static let message = "Instance bootstrapped successfully. Save this API key - it won't be shown again!"

    static func register(_ routes: RouteRegistrar, _ server: ServerContext) {
        routes.on(.get, "/bootstrap/status") { _, context in
            do {
                return .json(.object(["bootstrapped": .bool(try await server.bootstrapper.isBootstrapped())]))
            } catch {
                context.logger.error("bootstrap status failed", metadata: ["error": "\(String(reflecting: error))"])
                throw APIError.internalError("failed to check status")
            }
        }
        routes.on(.post, "/bootstrap") { _, context in
            guard server.configuration.bootstrapEnabled else {
                throw APIError(.forbidden, "bootstrap is disabled on this server")
            }
            let result: BootstrapResult?
            do {
                result = try await server.bootstrapper.bootstrap()
            } catch {
                context.logger.error("bootstrap failed", metadata: ["error": "\(String(reflecting: error))"])
                throw APIError.internalError("failed to bootstrap")
            }
            guard let result else { throw APIError(.conflict, "instance already bootstrapped - API keys exist") }
            server.auditLog.record(AuditEntry(actor: "anonymous", action: "bootstrap", orgID: result.orgID, projectID: result.projectID,
                                              target: result.projectID, ipAddress: context.clientIP, requestID: context.requestID))
            return .json(.object([
                "api_key": .string(result.apiKey),
                "project_id": .string(result.projectID),
                "message": .string(message),
            ]), status: .created)
        }
    }
}
