/// Colours and text attributes, as ANSI escapes when colours are on; otherwise the text unchanged
/// (colour names are checked either way, so a typo shows up without a terminal).
extension TemplateFunctions {
    static let styles: [String: TemplateFunction] = [
        "color": { arguments, environment in
            try arguments.expect(2)
            return try styled(arguments.text(1), code: named(ANSIStyle.foreground, arguments.text(0)), environment)
        },
        "bg": { arguments, environment in
            try arguments.expect(2)
            return try styled(arguments.text(1), code: named(ANSIStyle.background, arguments.text(0)), environment)
        },
        "rgb": { arguments, environment in
            try arguments.expect(4)
            let code = ANSIStyle.rgb(try arguments.integer(0), try arguments.integer(1), try arguments.integer(2))
            return styled(arguments.text(3), code: code, environment)
        },
        "bold": attribute(ANSIStyle.bold),
        "dim": attribute(ANSIStyle.dim),
        "italic": attribute(ANSIStyle.italic),
        "underline": attribute(ANSIStyle.underline),
    ]

    private static func attribute(_ code: String) -> TemplateFunction {
        { arguments, environment in
            try arguments.expect(1)
            return styled(arguments.text(0), code: code, environment)
        }
    }

    private static func named(_ lookup: (String) -> String?, _ name: String) throws -> String {
        guard let code = lookup(name) else { throw TemplateFunctionError("unknown color \"\(name)\"") }
        return code
    }

    private static func styled(_ text: String, code: String, _ environment: TemplateEnvironment) -> JSONValue {
        .string(environment.colors ? ANSIStyle.apply(code, to: text) : text)
    }
}
