import Foundation

/// The proleptic Gregorian calendar fields of an instant at a fixed UTC offset, computed with
/// integer arithmetic (H. Hinnant's algorithms) so that formatting is exact and cheap: RFC 3339 text
/// of `Timestamp`s and the `time` function of display templates.
struct CivilTime: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var nanosecond: Int
    /// 0 is Sunday.
    var weekday: Int
    /// 1 is January 1st.
    var dayOfYear: Int
    /// Seconds east of UTC.
    var utcOffset: Int

    /// `date` (to the microsecond) seen from `utcOffset` seconds east of UTC.
    init(_ date: Date, utcOffset: Int) {
        let exact = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let micros = exact.isFinite ? Int64(min(max(exact, -9e18), 9e18)) : 0
        let seconds = micros.floorDivided(by: 1_000_000)
        self.init(epochSeconds: seconds, nanosecond: Int(micros - seconds * 1_000_000) * 1000, utcOffset: utcOffset)
    }

    /// `epochSeconds` (+ `nanosecond`) after 1970-01-01T00:00:00Z, seen from `utcOffset` seconds east of UTC.
    init(epochSeconds seconds: Int64, nanosecond: Int, utcOffset: Int) {
        self.nanosecond = nanosecond
        let local = seconds + Int64(utcOffset)
        let days = local.floorDivided(by: 86_400)
        let secondOfDay = Int(local - days * 86_400)
        (year, month, day) = Self.civil(fromDays: days)
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
        weekday = Int(((days % 7) + 11) % 7)
        dayOfYear = Int(days - Self.days(year: year, month: 1, day: 1)) + 1
        self.utcOffset = utcOffset
    }

    /// Days since 1970-01-01 of a calendar date.
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = Int64((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1)
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Days in `month` of `year`.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `value` with leading zeros to `width` digits (a sign in front when negative).
    static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(abs(value))
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }
}
