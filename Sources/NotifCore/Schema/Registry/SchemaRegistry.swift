import Logging
import Synchronization

/// Finds the schema that governs a topic and checks events against it, for emit, schedules and
/// DLQ replays alike (one instance per process, shared by the REST routes, so a change made here
/// applies to the next event at once).
///
/// A project's schemas are read together and kept for `cacheTTL`, then reloaded in the background
/// while the known ones keep serving (this bounds how long a change made through *another* notifd
/// takes to apply); compiled validators are kept by fingerprint.
/// Topics match patterns with NATS semantics and the most specific pattern wins (see
/// `TopicPattern.isMoreSpecific(than:)`; equal shapes are ordered by schema name). When Postgres
/// cannot be read the last known schemas of the project stay in use; a project never read before
/// is `SchemaRegistryUnavailable` (emit answers 503), never an unchecked pass.
public final class SchemaRegistry: Sendable {
    /// A schema of the project, ready to check events.
    public struct Entry: Sendable {
        public var schema: Schema
        public var pattern: TopicPattern?
        public var latest: SchemaVersion?
        /// The latest version compiled; nil when there is no latest version or it failed to compile.
        var validator: JSONSchema?
    }

    let repository: SchemaRepository
    let logger: Logger
    private let projects: ReloadingCache<[Entry]>
    private let validators = Mutex<[String: JSONSchema]>([:])
    private static let maxValidators = 10_000
    /// How long a first read of a project's schemas may take before the event is answered 503. A
    /// down Postgres fails at once (connection refused); this bounds a hung one, and is generous so
    /// that a busy database (or a first connection of the pool on a loaded machine) is not an outage.
    let loadTimeout: Duration = .seconds(10)

    public init(repository: SchemaRepository, cacheTTL: Duration = .seconds(5), logger: Logger) {
        self.repository = repository
        self.logger = logger
        self.projects = ReloadingCache(ttl: cacheTTL)
    }

    /// Forget what is cached for a project (after any change to its schemas or versions).
    public func invalidate(orgID: String, projectID: String) {
        projects.invalidate("\(orgID)/\(projectID)")
    }

    /// The schema governing `topic` in the project, if any.
    public func resolve(orgID: String, projectID: String, topic: String) async throws -> Entry? {
        try await entries(orgID: orgID, projectID: projectID).first { $0.pattern?.matches(topic) ?? false }
    }

    /// Checks `event` against the latest version of its topic's schema.
    public func verdict(for event: Event) async throws -> SchemaVerdict {
        guard let entry = try await resolve(orgID: event.orgID, projectID: event.projectID, topic: event.topic),
              let latest = entry.latest, latest.validationMode != .disabled else { return .accepted }
        guard let validator = entry.validator else {
            throw SchemaRegistryUnavailable(description: "schema \(entry.schema.name)@\(latest.version) does not compile")
        }
        let violations = validator.validate((try? JSONValue.parse(event.data)) ?? .raw(event.data))
        if violations.isEmpty { return .accepted }
        let report = SchemaViolationReport(schemaName: entry.schema.name, version: latest.version, violations: violations)
        switch (latest.validationMode, latest.onInvalid) {
        case (.strict, .reject): return .rejected(report)
        case (.strict, .dlq): return .deadLetter(report)
        default: return .acceptedWithWarning(report)
        }
    }

    /// The project's schemas, most specific pattern first.
    func entries(orgID: String, projectID: String) async throws -> [Entry] {
        let logger = self.logger
        do {
            return try await projects.value(forKey: "\(orgID)/\(projectID)", onReloadFailure: { error in
                logger.warning("schema reload failed; the schemas known before stay in use",
                               metadata: ["project_id": "\(projectID)", "error": "\(String(reflecting: error))"])
            }) { [self] in
                try await withDeadline(loadTimeout) { try await self.load(orgID: orgID, projectID: projectID) }
            }
        } catch {
            logger.error("schema lookup failed", metadata: ["project_id": "\(projectID)", "error": "\(String(reflecting: error))"])
            throw SchemaRegistryUnavailable(description: "schemas of project \(projectID) cannot be read: \(error)")
        }
    }

    private func load(orgID: String, projectID: String) async throws -> [Entry] {
        let rows = try await repository.list(orgID: orgID, projectID: projectID)
        let entries = rows.map { schema, latest in
            Entry(schema: schema, pattern: TopicPattern(schema.topicPattern), latest: latest, validator: latest.flatMap(compiled))
        }
        return entries.sorted { a, b in
            guard let first = a.pattern, let second = b.pattern else { return a.pattern != nil }
            if first.isMoreSpecific(than: second) { return true }
            if second.isMoreSpecific(than: first) { return false }
            return a.schema.name < b.schema.name
        }
    }

    /// `version`'s document compiled, from the cache by fingerprint; nil (logged) when it does not compile.
    public func compiled(_ version: SchemaVersion) -> JSONSchema? {
        if let known = validators.withLock({ $0[version.fingerprint] }) { return known }
        do {
            let compiled = try JSONSchema(version.document)
            validators.withLock { cache in
                if cache.count >= Self.maxValidators { cache.removeAll(keepingCapacity: true) }
                cache[version.fingerprint] = compiled
            }
            return compiled
        } catch {
            logger.error("stored schema version does not compile",
                         metadata: ["schema_id": "\(version.schemaID)", "version": "\(version.version)", "error": "\(error)"])
            return nil
        }
    }
}
