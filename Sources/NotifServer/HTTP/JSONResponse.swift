import Hummingbird
import NIOCore
import NotifCore

extension Response {
    /// A JSON response: compact body followed by a newline, `Content-Type: application/json`.
    public static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var bytes = value.serialized()
        bytes.append(UInt8(ascii: "\n"))
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

extension Request {
    /// Reads the whole body, refusing more than `limit` bytes with `tooLarge`.
    func collectBody(limit: Int, tooLarge: @autoclosure () -> APIError) async throws -> [UInt8] {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge() }
        do {
            var buffer = try await body.collect(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge()
        }
    }

    /// Reads and parses a JSON object body; anything else is `400 {"error": invalidMessage}`.
    func jsonObject(limit: Int = 1 << 20, invalidMessage: String = "invalid JSON") async throws -> JSONValue {
        let bytes = try await collectBody(limit: limit, tooLarge: APIError(.contentTooLarge, "request body too large"))
        guard let value = try? JSONValue.parse(bytes), value.members != nil else {
            throw APIError.badRequest(invalidMessage)
        }
        return value
    }

    /// Like `jsonObject`, but an empty body reads as `{}` (for requests whose fields are all optional).
    func optionalJSONObject(limit: Int = 1 << 20) async throws -> JSONValue {
        let bytes = try await collectBody(limit: limit, tooLarge: APIError(.contentTooLarge, "request body too large"))
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([]) }
        guard let value = try? JSONValue.parse(bytes), value.members != nil else { throw APIError.badRequest("invalid JSON") }
        return value
    }

    /// A query parameter's value, if present and not empty.
    func query(_ name: String) -> String? {
        guard let value = uri.queryParameters.get(name), !value.isEmpty else { return nil }
        return value
    }
}

/// Typed reads of request fields with Go `encoding/json` leniency: keys match case-insensitively,
/// `null` reads as absent, and a value of the wrong type is an error.
struct JSONFields {
    let object: JSONValue
    let invalidMessage: String

    init(_ object: JSONValue, invalidMessage: String = "invalid JSON") {
        self.object = object
        self.invalidMessage = invalidMessage
    }

    func string(_ key: String) throws -> String? {
        switch object.member(caseInsensitive: key) {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw APIError.badRequest(invalidMessage)
        }
    }

    func value(_ key: String) -> JSONValue? {
        object.member(caseInsensitive: key)
    }
}
