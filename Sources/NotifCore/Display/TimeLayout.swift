import Foundation

/// How the `time` function and the `time` field format write an instant.
///
/// A layout containing `%` is strftime-style (`%Y-%m-%d %H:%M:%S`, see `TimeLayout+Strftime`);
/// any other is a Go reference-time layout (`2006-01-02 15:04:05.000 MST`, see `TimeLayout+Go`).
/// Names are English; the zone is the one given to `format` (the machine's local zone by default).
struct TimeLayout: Sendable, Equatable {
    enum Padding: Sendable, Equatable { case zero, space, none }

    enum Element: Sendable, Equatable {
        case literal(String)
        case year
        case shortYear
        case month(Padding)
        case monthName(abbreviated: Bool)
        case day(Padding)
        case dayOfYear
        case weekdayName(abbreviated: Bool)
        case hour24(Padding)
        case hour12(Padding)
        case minute(Padding)
        case second(Padding)
        /// `digits` of the second's fraction after `separator`; `trimmed` drops trailing zeros (and the
        /// separator when nothing is left).
        case fraction(separator: String, digits: Int, trimmed: Bool)
        case meridiem(uppercase: Bool)
        case zoneName
        /// `zulu` writes `Z` for UTC; `minutes: false` is `-07`.
        case zoneOffset(colon: Bool, zulu: Bool, minutes: Bool)
        case unixSeconds
    }

    let elements: [Element]

    /// `HH:MM:SS`, the default.
    static let clock = TimeLayout("15:04:05")

    init(_ layout: String) {
        elements = layout.contains("%") ? Self.strftimeElements(layout) : Self.goElements(layout)
    }

    func format(_ date: Date, in zone: TimeZone) -> String {
        let time = CivilTime(date, utcOffset: zone.secondsFromGMT(for: date))
        return elements.map { element in
            Self.text(of: element, time: time, date: date, zone: zone)
        }.joined()
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]
    private static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    private static func text(of element: Element, time: CivilTime, date: Date, zone: TimeZone) -> String {
        switch element {
        case .literal(let text): return text
        case .year: return CivilTime.pad(time.year, 4)
        case .shortYear: return CivilTime.pad(time.year % 100)
        case .month(let padding): return pad(time.month, padding)
        case .monthName(let abbreviated): return name(monthNames[time.month - 1], abbreviated)
        case .day(let padding): return pad(time.day, padding)
        case .dayOfYear: return CivilTime.pad(time.dayOfYear, 3)
        case .weekdayName(let abbreviated): return name(weekdayNames[time.weekday], abbreviated)
        case .hour24(let padding): return pad(time.hour, padding)
        case .hour12(let padding): return pad(time.hour % 12 == 0 ? 12 : time.hour % 12, padding)
        case .minute(let padding): return pad(time.minute, padding)
        case .second(let padding): return pad(time.second, padding)
        case .fraction(let separator, let digits, let trimmed):
            var fraction = String(CivilTime.pad(time.nanosecond, 9).prefix(digits))
            if trimmed { while fraction.hasSuffix("0") { fraction.removeLast() } }
            return fraction.isEmpty ? "" : separator + fraction
        case .meridiem(let uppercase):
            let text = time.hour < 12 ? "AM" : "PM"
            return uppercase ? text : text.lowercased()
        case .zoneName: return zone.abbreviation(for: date) ?? offset(time.utcOffset, colon: false, minutes: true)
        case .zoneOffset(let colon, let zulu, let minutes):
            return zulu && time.utcOffset == 0 ? "Z" : offset(time.utcOffset, colon: colon, minutes: minutes)
        case .unixSeconds: return String(Int64(date.timeIntervalSince1970.rounded(.down)))
        }
    }

    private static func pad(_ value: Int, _ padding: Padding) -> String {
        switch padding {
        case .zero: return CivilTime.pad(value)
        case .space: return value < 10 ? " \(value)" : "\(value)"
        case .none: return "\(value)"
        }
    }

    private static func name(_ full: String, _ abbreviated: Bool) -> String {
        abbreviated ? String(full.prefix(3)) : full
    }

    private static func offset(_ seconds: Int, colon: Bool, minutes: Bool) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let hours = CivilTime.pad(abs(seconds) / 3600), rest = CivilTime.pad(abs(seconds) % 3600 / 60)
        return sign + hours + (minutes ? (colon ? ":" : "") + rest : "")
    }
}
