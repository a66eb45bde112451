import Hummingbird
import NotifCore

extension APIError {
    /// `400` for an event refused by its topic's schema (api-spec §2.2: members in the order
    /// error, schema, validation_errors, version).
    static func schemaRejected(_ report: SchemaViolationReport) -> APIError {
        APIError(.badRequest, "schema validation failed", extra: [
            JSONMember(key: "schema", value: .string(report.schemaName)),
            JSONMember(key: "validation_errors", value: report.violationsJSON),
            JSONMember(key: "version", value: .string(report.version)),
        ])
    }

    /// The answer for an error thrown by `EventIntake`: the schema rejection, `503` when the schema
    /// registry cannot decide, otherwise `{"error": publishFailure}` with `publishStatus`.
    static func intake(_ error: any Error, publishFailure: String,
                       publishStatus: HTTPResponse.Status = .serviceUnavailable) -> APIError {
        switch error {
        case let rejection as EventIntake.Rejection: schemaRejected(rejection.report)
        case is SchemaRegistryUnavailable: APIError(.serviceUnavailable, "schema registry unavailable")
        case is BrokerPool.OrgNotConnected: APIError(.serviceUnavailable, "org not connected")
        case let error as APIError: error
        default: APIError(publishStatus, publishFailure)
        }
    }
}
