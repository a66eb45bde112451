import Foundation

/// A UTC instant with nanosecond resolution, formatted as RFC 3339 the way notif's clients expect:
/// fractional digits only as many as needed (`2025-01-15T10:30:00.123456Z`, `2025-01-15T10:30:00Z`).
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var nanosecondsSinceEpoch: Int64

    public init(nanosecondsSinceEpoch: Int64) {
        self.nanosecondsSinceEpoch = nanosecondsSinceEpoch
    }

    public init(microsecondsSinceEpoch: Int64) {
        self.nanosecondsSinceEpoch = microsecondsSinceEpoch * 1000
    }

    public init(_ date: Date) {
        self.nanosecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) * 1000
    }

    /// Now, truncated to microseconds so that it survives a round trip through Postgres unchanged.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let micros = Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
        return Timestamp(microsecondsSinceEpoch: micros)
    }

    public var microsecondsSinceEpoch: Int64 { nanosecondsSinceEpoch.floorDivided(by: 1000) }
    public var date: Date { Date(timeIntervalSince1970: Double(nanosecondsSinceEpoch) / 1e9) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.nanosecondsSinceEpoch < rhs.nanosecondsSinceEpoch
    }

    public static func + (lhs: Timestamp, rhs: Duration) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: lhs.nanosecondsSinceEpoch + rhs.nanoseconds)
    }

    public static func - (lhs: Timestamp, rhs: Duration) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: lhs.nanosecondsSinceEpoch - rhs.nanoseconds)
    }

    public var description: String { rfc3339 }

    /// RFC 3339 in UTC with trailing zeros of the fraction trimmed.
    public var rfc3339: String {
        let seconds = nanosecondsSinceEpoch.floorDivided(by: 1_000_000_000)
        let nanos = Int(nanosecondsSinceEpoch - seconds * 1_000_000_000)
        let time = CivilTime(epochSeconds: seconds, nanosecond: nanos, utcOffset: 0)
        let pad = CivilTime.pad
        var text = "\(pad(time.year, 4))-\(pad(time.month, 2))-\(pad(time.day, 2))T\(pad(time.hour, 2)):\(pad(time.minute, 2)):\(pad(time.second, 2))"
        if nanos > 0 {
            var fraction = pad(nanos, 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    /// Second precision, `YYYY-MM-DDTHH:MM:SSZ`, always UTC (the reference's "style B", done right).
    public var rfc3339Seconds: String {
        Timestamp(nanosecondsSinceEpoch: nanosecondsSinceEpoch.floorDivided(by: 1_000_000_000) * 1_000_000_000).rfc3339
    }

    /// Parses RFC 3339 (`T` or space separator, `Z` or `±HH:MM` offset, 0–9 fractional digits).
    /// With `assumeUTC`, a missing offset is read as UTC.
    public init?(rfc3339 text: String, assumeUTC: Bool = false) {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<digits {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
                index += 1
            }
            return value
        }
        func expect(_ characters: Set<UInt8>) -> Bool {
            guard index < bytes.count, characters.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect([45]), let month = number(2), expect([45]), let day = number(2),
              expect([84, 116, 32]), let hour = number(2), expect([58]), let minute = number(2), expect([58]),
              let second = number(2) else { return nil }
        guard (1...12).contains(month), (1...CivilTime.daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 61 else { return nil }
        var nanos = 0
        if index < bytes.count, bytes[index] == 46 {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 9 { nanos = nanos * 10 + Int(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if digits < 9 { for _ in digits..<9 { nanos *= 10 } }
        }
        var offsetSeconds = 0
        if index == bytes.count {
            guard assumeUTC else { return nil }
        } else if bytes[index] == 90 || bytes[index] == 122 {
            index += 1
        } else if bytes[index] == 43 || bytes[index] == 45 {
            let sign = bytes[index] == 45 ? -1 : 1
            index += 1
            guard let offsetHours = number(2), expect([58]), let offsetMinutes = number(2),
                  offsetHours < 24, offsetMinutes < 60 else { return nil }
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = CivilTime.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offsetSeconds)
        self.nanosecondsSinceEpoch = seconds * 1_000_000_000 + Int64(nanos)
    }
}

extension Timestamp {
    /// An RFC 3339 instant, or a Go duration meaning that long before now (`1h` = an hour ago); nil
    /// for anything else (query filters of the API and the CLI).
    public init?(rfc3339OrAgo text: String) {
        if let instant = Timestamp(rfc3339: text) {
            self = instant
        } else if let ago = GoDuration.parse(text), ago >= .zero {
            self = .now() - ago
        } else {
            return nil
        }
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
