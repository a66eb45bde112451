import NotifCore

extension TestTenant {
    /// `ws://host:port/ws`
    public var webSocketURL: String {
        http.baseURL.replacingOccurrences(of: "http://", with: "ws://") + "/ws"
    }

    /// Opens `/ws` with this tenant's key in the Authorization header.
    public func openSocket() async throws -> TestWebSocket {
        try await TestWebSocket.connect(webSocketURL, headers: [("Authorization", "Bearer \(apiKey)")])
    }

    /// Emits one event and returns its id (fails the test's expectation through a thrown error otherwise).
    @discardableResult
    public func emit(_ topic: String, _ data: JSONValue = [:]) async throws -> String {
        let response = try await http.post("/api/v1/emit", json: ["topic": .string(topic), "data": data])
        guard response.status == 200, let id = response.json?["id"]?.stringValue else {
            throw TestWebSocket.Failure(description: "emit failed: \(response.status) \(response.text)")
        }
        return id
    }
}
