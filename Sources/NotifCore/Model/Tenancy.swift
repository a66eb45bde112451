import Foundation

/// A project: the unit of isolation for events, keys, webhooks and schedules inside an org.
public struct Project: Sendable, Equatable {
    public var id: String
    public var orgID: String
    public var name: String
    public var slug: String
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    /// `^[a-z0-9]+(?:-[a-z0-9]+)*$`, at most 64 characters.
    public static func isValidSlug(_ slug: String) -> Bool {
        guard !slug.isEmpty, slug.utf8.count <= 64, !slug.hasPrefix("-"), !slug.hasSuffix("-"), !slug.contains("--") else {
            return false
        }
        return slug.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    /// The slug derived from a name: lower-case, spaces to `-`, other characters dropped, runs of `-`
    /// collapsed, trimmed, at most 64 characters.
    public static func slug(fromName name: String) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if scalar == " " || scalar == "-" || scalar == "_" {
                if !slug.isEmpty && !slug.hasSuffix("-") { slug.append("-") }
            } else if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                slug.unicodeScalars.append(scalar)
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.count > 64 {
            slug = String(slug.prefix(64))
            while slug.hasSuffix("-") { slug.removeLast() }
        }
        return slug
    }
}

/// What an API key may do: `project` keys use their project's API; `admin` keys may also manage
/// their org's projects and keys (the local replacement for the reference's hosted dashboard login);
/// `platform` keys are admin keys that may also manage every org of the instance (orgs, NATS
/// accounts, other orgs' audit trails). The bootstrap key is a platform key.
public enum APIKeyScope: String, Sendable, Equatable {
    case project
    case admin
    case platform

    /// Whether the key may manage its org's projects and keys.
    public var isAdmin: Bool { self != .project }
}

/// A stored API key, without its secret (only its SHA-256 is kept).
public struct APIKeyRecord: Sendable, Equatable {
    public var id: UUID
    public var keyPrefix: String
    public var name: String?
    public var scope: APIKeyScope
    public var orgID: String
    public var projectID: String
    public var rateLimitPerSecond: Int?
    public var createdAt: Timestamp
    public var lastUsedAt: Timestamp?
}

/// The identity a valid API key grants a request.
public struct AuthenticatedKey: Sendable, Equatable {
    public var keyID: UUID
    public var orgID: String
    public var projectID: String
    public var scope: APIKeyScope
    public var rateLimitPerSecond: Int

    /// How the audit trail and schema versions name this caller: `api:{key id}`.
    public var actor: String { "api:\(keyID.uuidString.lowercased())" }
}

/// API key secrets: `nsh_` + 28 characters of `[A-Za-z0-9]`.
public enum APIKeySecret {
    public static let prefix = "nsh_"

    public static func generate() -> String { prefix + RandomToken.alphanumeric(28) }

    public static func isWellFormed(_ key: String) -> Bool {
        key.utf8.count == 32 && key.hasPrefix(prefix) && key.utf8.dropFirst(4).allSatisfy {
            ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122)
        }
    }

    /// What is stored: lowercase hex SHA-256 of the whole key.
    public static func hash(_ key: String) -> String { Digest.sha256Hex(key) }

    /// What is shown: the first 16 characters.
    public static func displayPrefix(_ key: String) -> String { String(key.prefix(16)) }
}
