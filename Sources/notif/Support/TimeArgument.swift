import Foundation
import NotifCore

/// Times and durations on the command line: RFC 3339 instants and Go durations (`90s`, `1h30m`).
enum TimeArgument {
    /// A Go duration; `option` names the flag in the error.
    static func duration(_ text: String, option: String) throws -> Duration {
        guard let duration = GoDuration.parse(text), duration >= .zero else {
            throw CLIFailure.usage("error: invalid duration for \(option): \(text) (examples: 30s, 5m, 1h30m)")
        }
        return duration
    }

    /// An RFC 3339 instant.
    static func instant(_ text: String, option: String) throws -> Timestamp {
        guard let instant = Timestamp(rfc3339: text) else {
            throw CLIFailure.usage("error: invalid time for \(option): \(text) (expected RFC 3339, e.g. 2026-01-02T15:04:05Z)")
        }
        return instant
    }

    /// An RFC 3339 instant, or a duration meaning that long ago (`1h` = an hour ago).
    static func instantOrAgo(_ text: String, option: String) throws -> Timestamp {
        if let instant = Timestamp(rfc3339OrAgo: text) { return instant }
        throw CLIFailure.usage("error: invalid time for \(option): \(text) (RFC 3339, or a duration such as 1h meaning an hour ago)")
    }
}

extension TimeArgument {
    /// `30s`, `1m30s`, `250ms`: a duration as people write it.
    static func describe(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds % 1000 != 0 { return "\(milliseconds)ms" }
        let seconds = milliseconds / 1000
        if seconds < 60 { return "\(seconds)s" }
        return seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds / 60)m\(seconds % 60)s"
    }
}
