import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NotifCore

/// A decoded HTTP response for assertions.
public struct TestResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    /// The body as JSON (nil when it is not JSON).
    public var json: JSONValue? { try? JSONValue.parse(body) }
    public var text: String { String(decoding: body, as: UTF8.self) }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The `error` member of a JSON error body.
    public var errorMessage: String? { json?["error"]?.stringValue }
}

/// A small HTTP client for tests, over AsyncHTTPClient's shared client.
public struct TestHTTP: Sendable {
    public let baseURL: String
    public var apiKey: String?

    public init(baseURL: String, apiKey: String? = nil) {
        self.baseURL = baseURL
        self.apiKey = apiKey
    }

    public func with(apiKey: String?) -> TestHTTP {
        TestHTTP(baseURL: baseURL, apiKey: apiKey)
    }

    public func get(_ path: String, headers: [(String, String)] = []) async throws -> TestResponse {
        try await send(.GET, path, headers: headers)
    }

    public func delete(_ path: String) async throws -> TestResponse {
        try await send(.DELETE, path)
    }

    public func post(_ path: String, json: JSONValue, headers: [(String, String)] = []) async throws -> TestResponse {
        try await send(.POST, path, body: json.serialized(), headers: headers)
    }

    public func put(_ path: String, json: JSONValue) async throws -> TestResponse {
        try await send(.PUT, path, body: json.serialized())
    }

    public func send(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil,
                     headers: [(String, String)] = []) async throws -> TestResponse {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        var buffer = try await response.body.collect(upTo: 16 << 20)
        return TestResponse(status: Int(response.status.code),
                            headers: response.headers.map { ($0.name, $0.value) },
                            body: buffer.readBytes(length: buffer.readableBytes) ?? [])
    }
}
