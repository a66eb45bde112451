/// RFC 3339 `date-time`, `full-date` (`date`) and `full-time` (`time`), including calendar checks
/// (days per month, leap years) and leap seconds only at 23:59:60 UTC.
enum DateTimeFormat {
    static func isDateTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count > 11, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else { return false }
        return isFullDate(bytes[0..<10]) && isFullTime(bytes[11...])
    }

    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return isFullDate(bytes[...])
    }

    static func isTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return isFullTime(bytes[...])
    }

    /// `YYYY-MM-DD` with a real day of a real month.
    private static func isFullDate(_ bytes: ArraySlice<UInt8>) -> Bool {
        let b = Array(bytes)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let year = number(b[0..<4]), let month = number(b[5..<7]), let day = number(b[8..<10]),
              (1...12).contains(month) else { return false }
        return (1...daysIn(month: month, year: year)).contains(day)
    }

    /// `HH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`.
    private static func isFullTime(_ bytes: ArraySlice<UInt8>) -> Bool {
        let b = Array(bytes)
        guard b.count >= 9, b[2] == UInt8(ascii: ":"), b[5] == UInt8(ascii: ":"),
              let hour = number(b[0..<2]), let minute = number(b[3..<5]), let second = number(b[6..<8]),
              hour <= 23, minute <= 59, second <= 60 else { return false }
        var index = 8
        if b[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < b.count, isDigit(b[index]) { index += 1 }
            guard index > start else { return false }
        }
        guard index < b.count else { return false }
        var offsetMinutes = 0
        switch b[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == b.count else { return false }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard b.count - index == 6, b[index + 3] == UInt8(ascii: ":"),
                  let offsetHour = number(b[(index + 1)..<(index + 3)]), let offsetMinute = number(b[(index + 4)..<(index + 6)]),
                  offsetHour <= 23, offsetMinute <= 59 else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (b[index] == UInt8(ascii: "+") ? 1 : -1)
        default:
            return false
        }
        if second == 60 {
            // A leap second is only ever inserted at 23:59:60 UTC.
            let utcMinutes = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utcMinutes == 23 * 60 + 59
        }
        return true
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// The value of a run of ASCII digits; nil if any byte is not a digit.
    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
}
