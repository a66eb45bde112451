import HTTPTypes
import Hummingbird
import NotifCore

/// An error answered as `{"error": message}` (plus optional extra members) with its status code.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    /// Extra members after `error`, for example the schema rejection details.
    public var extra: [JSONMember]
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, extra: [JSONMember] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.extra = extra
        self.headers = headers
    }

    public var body: JSONValue {
        .object([JSONMember(key: "error", value: .string(message))] + extra)
    }

    public func response() -> Response {
        var response = Response.json(body, status: status)
        for field in headers { response.headers.append(field) }
        return response
    }

    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    public static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }
    public static func internalError(_ message: String) -> APIError { APIError(.internalServerError, message) }
}
