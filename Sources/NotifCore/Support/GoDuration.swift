/// Go's duration syntax (`300ms`, `1.5h`, `1h30m`, `2m3s`; units ns, us, µs, ms, s, m, h), used by the
/// wire protocol and by notifd's configuration.
public enum GoDuration {
    /// `duration` in Go syntax to the whole millisecond (`1500ms`); negative durations read `0ms`.
    public static func string(_ duration: Duration) -> String {
        "\(max(0, duration.milliseconds))ms"
    }

    /// `duration` the way Go's `Duration.String()` writes it, to the millisecond: `12h0m0s`,
    /// `1m30s`, `1.5s`, `500ms`, `0s`.
    public static func goString(_ duration: Duration) -> String {
        let total = max(0, duration.milliseconds)
        if total == 0 { return "0s" }
        if total < 1000 { return "\(total)ms" }
        let hours = total / 3_600_000, minutes = total / 60_000 % 60, millis = total % 60_000
        var seconds = "\(millis / 1000)"
        if millis % 1000 != 0 {
            var fraction = String(String(millis % 1000 + 1000).dropFirst())
            while fraction.hasSuffix("0") { fraction.removeLast() }
            seconds += "." + fraction
        }
        if hours > 0 { return "\(hours)h\(minutes)m\(seconds)s" }
        if minutes > 0 { return "\(minutes)m\(seconds)s" }
        return seconds + "s"
    }

    public static func parse(_ text: String) -> Duration? {
        var scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        var negative = false
        if scalars.first == "-" || scalars.first == "+" {
            negative = scalars.first == "-"
            scalars.removeFirst()
        }
        if scalars == ["0"] { return .zero }
        guard !scalars.isEmpty else { return nil }
        var totalNanos = 0.0
        var index = 0
        while index < scalars.count {
            var number = ""
            while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "." {
                number.unicodeScalars.append(scalars[index])
                index += 1
            }
            guard !number.isEmpty, number != ".", let value = Double(number) else { return nil }
            var unit = ""
            while index < scalars.count, !("0"..."9").contains(scalars[index]), scalars[index] != "." {
                unit.unicodeScalars.append(scalars[index])
                index += 1
            }
            let multiplier: Double
            switch unit {
            case "ns": multiplier = 1
            case "us", "µs", "μs": multiplier = 1e3
            case "ms": multiplier = 1e6
            case "s": multiplier = 1e9
            case "m": multiplier = 60e9
            case "h": multiplier = 3600e9
            default: return nil
            }
            totalNanos += value * multiplier
        }
        guard totalNanos < 9.2e18 else { return nil }
        let nanos = Int64(totalNanos.rounded())
        return .nanoseconds(negative ? -nanos : nanos)
    }
}
