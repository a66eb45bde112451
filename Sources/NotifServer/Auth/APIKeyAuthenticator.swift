import Foundation
import Logging
import NotifCore
import Synchronization

/// Resolves API keys to their org and project, with a short cache so a busy key costs no query per
/// request. A hit is trusted for `positiveTTL` (3 s), so a key revoked through another replica stops
/// working within that time; a revocation through this process takes effect at once.
public final class APIKeyAuthenticator: Sendable {
    private struct Entry {
        let key: AuthenticatedKey?
        let expires: ContinuousClock.Instant
    }

    private let cache = Mutex<[String: Entry]>([:])
    private let database: Database
    private let usage: KeyUsageRecorder
    let positiveTTL: Duration
    let negativeTTL: Duration
    let maxEntries: Int

    public init(database: Database, usage: KeyUsageRecorder, positiveTTL: Duration = .seconds(3),
                negativeTTL: Duration = .seconds(1), maxEntries: Int = 10_000) {
        self.database = database
        self.usage = usage
        self.positiveTTL = positiveTTL
        self.negativeTTL = negativeTTL
        self.maxEntries = maxEntries
    }

    /// The key's identity, or nil when it is malformed, unknown or revoked.
    public func authenticate(_ secret: String) async throws -> AuthenticatedKey? {
        guard APIKeySecret.isWellFormed(secret) else { return nil }
        let hash = APIKeySecret.hash(secret)
        let now = ContinuousClock.now
        if let entry = cache.withLock({ $0[hash] }), entry.expires > now {
            if let key = entry.key { usage.record(key.keyID) }
            return entry.key
        }
        let key = try await database.apiKeys.authenticate(keyHash: hash)
        cache.withLock { cache in
            if cache.count >= maxEntries { cache.removeAll(keepingCapacity: true) }
            cache[hash] = Entry(key: key, expires: now + (key == nil ? negativeTTL : positiveTTL))
        }
        if let key { usage.record(key.keyID) }
        return key
    }

    /// Forgets every cached key of an org at once (after the org was deleted here).
    public func invalidate(orgID: String) {
        cache.withLock { cache in cache = cache.filter { $0.value.key?.orgID != orgID } }
    }

    /// Forgets a key at once (after it was revoked here).
    public func invalidate(keyHash: String) {
        _ = cache.withLock { $0.removeValue(forKey: keyHash) }
    }
}
