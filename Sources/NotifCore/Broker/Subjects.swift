/// The subject and stream names notif uses in NATS. Org and project ids are validated when they are
/// created (`[A-Za-z0-9_-]`), so they are always single, wildcard-free subject tokens.
public enum Subjects {
    /// `events.{org}.{project}.{topic}`
    public static func event(org: String, project: String, topic: String) -> String {
        "events.\(org).\(project).\(topic)"
    }

    /// The filter for a topic pattern inside one project (`*`, `>` with NATS semantics).
    public static func eventFilter(org: String, project: String, pattern: String) -> String {
        "events.\(org).\(project).\(pattern)"
    }

    /// Every event of a project.
    public static func allEvents(org: String, project: String) -> String {
        "events.\(org).\(project).>"
    }

    /// `dlq.{org}.{project}.{topic}`
    public static func deadLetter(org: String, project: String, topic: String) -> String {
        "dlq.\(org).\(project).\(topic)"
    }

    /// The topic part of an event subject, or nil when the subject is not `events.{org}.{project}.{topic}`.
    public static func topic(ofEventSubject subject: String) -> (org: String, project: String, topic: String)? {
        let parts = subject.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "events" else { return nil }
        return (String(parts[1]), String(parts[2]), String(parts[3]))
    }
}

/// The names of the JetStream streams that hold one org's data. In single-account mode every org
/// shares the unsuffixed streams; with one NATS account per org each account has its own.
public struct StreamNames: Sendable, Equatable {
    public var events: String
    public var deadLetters: String

    public static let shared = StreamNames(events: "NOTIF_EVENTS", deadLetters: "NOTIF_DLQ")

    public static func perOrg(_ org: String) -> StreamNames {
        StreamNames(events: "NOTIF_EVENTS_\(org)", deadLetters: "NOTIF_DLQ_\(org)")
    }
}
