import NIOSSL
import PostgresNIO

/// Parses `postgres://user:password@host:port/database?sslmode=…` into a PostgresNIO configuration.
/// Supported `sslmode`s: `disable`, `prefer` (the default, like libpq) and `require`.
public struct DatabaseURL: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var sslMode: String

    public enum ParseError: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let reason): return "invalid DATABASE_URL: \(reason)" }
        }
    }

    public init(_ text: String) throws {
        guard let schemeEnd = text.range(of: "://") else { throw ParseError.invalid("missing scheme") }
        let scheme = text[..<schemeEnd.lowerBound]
        guard scheme == "postgres" || scheme == "postgresql" else { throw ParseError.invalid("scheme must be postgres://") }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query = Substring("")
        if let questionMark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: questionMark)...]
            rest = rest[..<questionMark]
        }
        var credentials: Substring?
        if let at = rest.lastIndex(of: "@") {
            credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var path = Substring("")
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var hostPart = rest
        var port = 5432
        if let colon = hostPart.lastIndex(of: ":"), !hostPart.hasSuffix("]") {
            guard let parsed = Int(hostPart[hostPart.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw ParseError.invalid("bad port")
            }
            port = parsed
            hostPart = hostPart[..<colon]
        }
        host = hostPart.isEmpty ? "localhost" : Self.decode(Substring(hostPart.trimmingCharacters(in: ["[", "]"])))
        self.port = port
        username = "postgres"
        password = nil
        if let credentials {
            if let colon = credentials.firstIndex(of: ":") {
                username = Self.decode(credentials[..<colon])
                password = Self.decode(credentials[credentials.index(after: colon)...])
            } else {
                username = Self.decode(credentials)
            }
        }
        database = path.isEmpty ? username : Self.decode(path)
        sslMode = "prefer"
        for item in query.split(separator: "&") {
            let pair = item.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == "sslmode" { sslMode = String(pair[1]) }
        }
        guard ["disable", "prefer", "require", "allow", "verify-ca", "verify-full"].contains(sslMode) else {
            throw ParseError.invalid("unsupported sslmode \(sslMode)")
        }
    }

    /// The configuration for a PostgresNIO `PostgresClient`.
    public var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable", "allow": tls = .disable
        case "prefer": tls = .prefer(.makeClientConfiguration())
        default: tls = .require(.makeClientConfiguration())
        }
        return PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                            database: database, tls: tls)
    }

    /// The URL without its password, for logs.
    public var redacted: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    private static func decode(_ text: Substring) -> String {
        String(text).removingPercentEncoding ?? String(text)
    }
}

import Foundation
