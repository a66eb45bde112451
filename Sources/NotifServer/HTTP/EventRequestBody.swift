import Hummingbird
import NotifCore

/// The body shared by emit and schedule creation: a JSON object of at most `MAX_PAYLOAD_SIZE` bytes
/// with a valid `topic` and any `data` (absent reads as `null`).
struct EventRequestBody {
    let fields: JSONFields
    let topic: String
    /// `data` as compact JSON.
    let data: [UInt8]

    static func read(_ request: Request, maxSize: Int) async throws -> EventRequestBody {
        let body = try await request.collectBody(
            limit: maxSize, tooLarge: APIError(.contentTooLarge, "payload too large, max \(maxSize / 1024)KB"))
        guard let value = try? JSONValue.parse(body), value.members != nil else {
            throw APIError.badRequest("invalid JSON payload")
        }
        let fields = JSONFields(value, invalidMessage: "invalid JSON payload")
        let topic = try fields.string("topic") ?? ""
        if let problem = Topic.validationError(topic) { throw APIError.badRequest(problem) }
        return EventRequestBody(fields: fields, topic: topic, data: (fields.value("data") ?? .null).serialized())
    }
}
