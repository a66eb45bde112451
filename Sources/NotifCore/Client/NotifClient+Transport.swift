import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension NotifClient {
    /// Sends one request and returns the JSON body of a 2xx answer (`.null` when empty); other
    /// statuses become `NotifClientError`s.
    func call(_ method: HTTPMethod, _ path: String, query: [(String, String?)] = [], body: JSONValue? = nil,
              headers: [(String, String)] = [], authenticated: Bool = true) async throws -> JSONValue {
        var request = HTTPClientRequest(url: server + path + Self.queryString(query))
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "notif-swift/\(NotifVersion.current)")
        if authenticated {
            guard let apiKey, !apiKey.isEmpty else { throw NotifClientError.unauthorized("no API key configured") }
            request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
            if let projectID { request.headers.add(name: "X-Project-ID", value: projectID) }
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.serialized()))
        }
        let response: HTTPClientResponse
        let bytes: [UInt8]
        do {
            response = try await http.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
            var buffer = try await response.body.collect(upTo: 64 << 20)
            bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw NotifClientError.timeout(server: server, after: timeout)
        } catch {
            throw NotifClientError.connection(server: server, reason: Self.reason(error))
        }
        let json = bytes.isEmpty ? JSONValue.null : try? JSONValue.parse(bytes)
        let status = Int(response.status.code)
        if (200..<300).contains(status) {
            guard let json else { throw NotifClientError.invalidResponse("HTTP \(status) with a body that is not JSON") }
            return json
        }
        let excerpt = String(decoding: bytes.prefix(200), as: UTF8.self)
        let message = json?["error"]?.stringValue ?? (excerpt.isEmpty ? "HTTP \(status)" : excerpt)
        switch status {
        case 401, 403: throw NotifClientError.unauthorized(message)
        case 404: throw NotifClientError.notFound(message)
        case 429:
            let delay = response.headers.first(name: "Retry-After").flatMap(Int.init).map { Duration.seconds($0) }
            throw NotifClientError.rateLimited(retryAfter: delay)
        case 400..<500: throw NotifClientError.rejected(status: status, message: message, details: json)
        default: throw NotifClientError.server(status: status, message: message)
        }
    }

    static func queryString(_ items: [(String, String?)]) -> String {
        let present = items.compactMap { name, value in value.map { (name, $0) } }
        guard !present.isEmpty else { return "" }
        return "?" + present.map { "\(percentEncoded($0))=\(percentEncoded($1))" }.joined(separator: "&")
    }

    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.append(Character(UnicodeScalar(byte)))
            default:
                result += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return result
    }

    /// A path segment with everything but unreserved characters escaped.
    static func segment(_ text: String) -> String { percentEncoded(text) }

    private static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("connectTimeout") { return "connect timed out" }
        return text
    }
}
