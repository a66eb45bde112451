/// strftime layouts: `%Y %y %m %B %b %h %d %e %j %A %a %H %I %M %S %p %f` (microseconds) `%L`
/// (milliseconds) `%z %Z %s %T %F %R %D %n %t %%`; an unknown `%x` stays as written.
extension TimeLayout {
    private static let strftimeComponents: [Character: [Element]] = [
        "Y": [.year], "y": [.shortYear], "m": [.month(.zero)],
        "B": [.monthName(abbreviated: false)], "b": [.monthName(abbreviated: true)], "h": [.monthName(abbreviated: true)],
        "d": [.day(.zero)], "e": [.day(.space)], "j": [.dayOfYear],
        "A": [.weekdayName(abbreviated: false)], "a": [.weekdayName(abbreviated: true)],
        "H": [.hour24(.zero)], "I": [.hour12(.zero)], "M": [.minute(.zero)], "S": [.second(.zero)],
        "p": [.meridiem(uppercase: true)],
        "f": [.fraction(separator: "", digits: 6, trimmed: false)],
        "L": [.fraction(separator: "", digits: 3, trimmed: false)],
        "z": [.zoneOffset(colon: false, zulu: false, minutes: true)], "Z": [.zoneName], "s": [.unixSeconds],
        "T": [.hour24(.zero), .literal(":"), .minute(.zero), .literal(":"), .second(.zero)],
        "R": [.hour24(.zero), .literal(":"), .minute(.zero)],
        "F": [.year, .literal("-"), .month(.zero), .literal("-"), .day(.zero)],
        "D": [.month(.zero), .literal("/"), .day(.zero), .literal("/"), .shortYear],
        "n": [.literal("\n")], "t": [.literal("\t")], "%": [.literal("%")],
    ]

    static func strftimeElements(_ layout: String) -> [Element] {
        var elements: [Element] = []
        var literal = ""
        var rest = layout[...]
        while let character = rest.popFirst() {
            guard character == "%", let code = rest.first, let components = strftimeComponents[code] else {
                literal.append(character)
                continue
            }
            rest.removeFirst()
            if !literal.isEmpty { elements.append(.literal(literal)); literal = "" }
            elements += components
        }
        if !literal.isEmpty { elements.append(.literal(literal)) }
        return elements
    }
}
