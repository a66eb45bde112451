import Foundation
import NotifCore

/// Talks to nats-server's account resolver over a system-account connection: pushes account
/// JWTs, looks them up, lists and deletes them. A push counts as done only when the server's
/// reply says so (the reference took any reply not starting with `-` as success, W-A6).
public struct AccountResolverClient: Sendable {
    /// What the resolver answered instead of success.
    public struct Rejected: Error, Sendable, Equatable, CustomStringConvertible {
        public var operation: String
        public var account: String?
        public var code: Int?
        public var message: String
        public var description: String {
            "\(operation)\(account.map { " of account \($0)" } ?? "") refused by nats-server"
                + "\(code.map { " (\($0))" } ?? ""): \(message)"
        }
    }

    let connection: BrokerConnection
    let timeout: Duration

    public init(connection: BrokerConnection, timeout: Duration = .seconds(5)) {
        self.connection = connection
        self.timeout = timeout
    }

    /// Pushes a signed account JWT (`$SYS.REQ.CLAIMS.UPDATE`).
    public func push(_ jwt: String) async throws {
        let reply = try await request("$SYS.REQ.CLAIMS.UPDATE", body: jwt, operation: "claims update")
        try Self.check(reply, operation: "claims update")
    }

    /// The JWT the resolver holds for `account`, nil when it has none (nats-server does not answer a
    /// lookup of an account it does not know: a timeout on a connected system connection means none).
    public func lookup(_ account: String) async throws -> String? {
        let reply: NATSMessage
        do {
            reply = try await connection.request("$SYS.REQ.ACCOUNT.\(account).CLAIMS.LOOKUP", payload: [],
                                                 timeout: min(timeout, .seconds(2)))
        } catch BrokerError.timeout where connection.state == .connected {
            return nil
        }
        let text = String(decoding: reply.payload, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return nil }
        if text.hasPrefix("{") {
            let json = try? JSONValue.parse(text)
            if json?["error"] != nil { return nil }
            return json?["data"]?.stringValue
        }
        return text
    }

    /// The accounts the resolver knows (`$SYS.REQ.CLAIMS.LIST`).
    public func list() async throws -> [String] {
        let reply = try await request("$SYS.REQ.CLAIMS.LIST", body: "", operation: "claims list")
        try Self.check(reply, operation: "claims list")
        return reply["data"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Removes accounts from the resolver (`$SYS.REQ.CLAIMS.DELETE`, signed by an operator key;
    /// the resolver must allow deletes). Their connections are closed by the server.
    public func delete(_ accounts: [String], operatorKey: NKeyPair) async throws {
        let claims = AccountDeletionClaims(operator: operatorKey.publicKey, accounts: accounts).signed(by: operatorKey)
        let reply = try await request("$SYS.REQ.CLAIMS.DELETE", body: claims, operation: "claims delete")
        try Self.check(reply, operation: "claims delete")
    }

    private func request(_ subject: String, body: String, operation: String) async throws -> JSONValue {
        let reply = try await connection.request(subject, payload: Array(body.utf8), timeout: timeout)
        guard let json = try? JSONValue.parse(reply.payload), json.members != nil else {
            throw Rejected(operation: operation, account: nil, code: nil,
                           message: "unexpected reply: \(String(decoding: reply.payload.prefix(200), as: UTF8.self))")
        }
        return json
    }

    static func check(_ reply: JSONValue, operation: String) throws {
        if let error = reply["error"] {
            throw Rejected(operation: operation, account: error["account"]?.stringValue,
                           code: error["code"]?.int64Value.map(Int.init),
                           message: error["description"]?.stringValue ?? error.jsonString)
        }
        if let code = reply["data"]?["code"]?.int64Value, code != 200 {
            throw Rejected(operation: operation, account: reply["data"]?["account"]?.stringValue, code: Int(code),
                           message: reply["data"]?["message"]?.stringValue ?? "")
        }
    }
}
