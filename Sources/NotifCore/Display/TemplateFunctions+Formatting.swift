import Foundation

/// `json`, `printf` and `time`.
extension TemplateFunctions {
    static let formatting: [String: TemplateFunction] = [
        "json": unary { .string($0.displayResolved.jsonString) },
        "printf": { arguments, _ in
            try arguments.expect(1...Int.max)
            return .string(GoPrintf.format(arguments.text(0), Array(arguments.values.dropFirst())))
        },
        "time": { arguments, environment in
            try arguments.expect(1...2)
            let value = arguments[arguments.count - 1]
            if value.isNull { return "" }
            guard let date = instant(value) else {
                throw TemplateFunctionError("cannot read \(value.displayResolved.jsonString) as a time")
            }
            let layout = arguments.count == 2 ? TimeLayout(arguments.text(0)) : .clock
            return .string(layout.format(date, in: environment.timeZone))
        },
    ]

    /// An RFC 3339 string, or a number of Unix seconds (milliseconds from 10^11 on).
    static func instant(_ value: JSONValue) -> Date? {
        switch value {
        case .string(let text): return Timestamp(rfc3339: text)?.date
        case .number(let literal):
            guard let number = Double(literal) else { return nil }
            let seconds = abs(number) >= 1e11 ? number / 1000 : number
            return abs(seconds) < 1e12 ? Date(timeIntervalSince1970: seconds) : nil
        default: return nil
        }
    }
}
