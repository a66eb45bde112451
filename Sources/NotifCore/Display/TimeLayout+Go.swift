/// Go layouts: the reference time `Mon Jan 2 15:04:05 MST 2006` written the way the result should look.
extension TimeLayout {
    /// Go's layout components, longer spellings before their prefixes.
    private static let goComponents: [(String, Element)] = [
        ("January", .monthName(abbreviated: false)), ("Jan", .monthName(abbreviated: true)),
        ("Monday", .weekdayName(abbreviated: false)), ("Mon", .weekdayName(abbreviated: true)),
        ("MST", .zoneName), ("2006", .year), ("002", .dayOfYear),
        ("01", .month(.zero)), ("02", .day(.zero)), ("03", .hour12(.zero)), ("04", .minute(.zero)),
        ("05", .second(.zero)), ("06", .shortYear), ("_2", .day(.space)), ("15", .hour24(.zero)),
        ("1", .month(.none)), ("2", .day(.none)), ("3", .hour12(.none)), ("4", .minute(.none)), ("5", .second(.none)),
        ("PM", .meridiem(uppercase: true)), ("pm", .meridiem(uppercase: false)),
        ("Z07:00", .zoneOffset(colon: true, zulu: true, minutes: true)),
        ("Z0700", .zoneOffset(colon: false, zulu: true, minutes: true)),
        ("-07:00", .zoneOffset(colon: true, zulu: false, minutes: true)),
        ("-0700", .zoneOffset(colon: false, zulu: false, minutes: true)),
        ("-07", .zoneOffset(colon: false, zulu: false, minutes: false)),
    ]

    static func goElements(_ layout: String) -> [Element] {
        var elements: [Element] = []
        var literal = ""
        var rest = layout[...]
        func emit(_ element: Element) {
            if !literal.isEmpty { elements.append(.literal(literal)); literal = "" }
            elements.append(element)
        }
        while !rest.isEmpty {
            if let fraction = goFraction(rest) {
                emit(fraction.element)
                rest = rest.dropFirst(fraction.length)
            } else if let (spelling, element) = goComponents.first(where: { rest.hasPrefix($0.0) }) {
                emit(element)
                rest = rest.dropFirst(spelling.count)
            } else {
                literal.append(rest.removeFirst())
            }
        }
        if !literal.isEmpty { elements.append(.literal(literal)) }
        return elements
    }

    /// `.000` (fixed digits) or `.999` (trailing zeros dropped), also after a comma, when no digit follows.
    private static func goFraction(_ text: Substring) -> (element: Element, length: Int)? {
        guard let separator = text.first, separator == "." || separator == ",",
              let digit = text.dropFirst().first, digit == "0" || digit == "9" else { return nil }
        let run = text.dropFirst().prefix { $0 == digit }
        if let after = text.dropFirst(1 + run.count).first, after.isNumber { return nil }
        let element = Element.fraction(separator: String(separator), digits: min(run.count, 9), trimmed: digit == "9")
        return (element, 1 + run.count)
    }
}
