import Foundation

/// A display template: a subset of Go's `text/template`, compiled once and rendered per event.
///
/// Supported: text; `{{ pipeline }}` with `{{-`/`-}}` trimming and `{{/* comments */}}`; field chains
/// from dot (`.data.user.name`, `.`) and from the root (`$`, `$.topic`); literals (strings with Go
/// escapes or in backquotes, numbers, `true`, `false`, `nil`); function calls and `|` pipes (the
/// piped value is the last argument); `( … )` groups, optionally followed by a field chain;
/// `if`/`else if`/`else`, `with`/`else with`/`else`, `range`/`else` (dot is each element; objects
/// give their values in document order), all closed by `end`. Truthiness is Go's: false, 0, null and
/// empty strings, arrays and objects are false. Missing fields are null, which prints as nothing;
/// numbers print as their JSON literal; arrays and objects as compact JSON.
/// The functions are listed in `TemplateFunctions` and its extensions.
public struct DisplayTemplate: Sendable {
    /// The template does not parse; `description` is one line naming the position.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var line: Int
        public var column: Int

        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Rendering failed (a function given the wrong arguments, an incomparable value, …).
    public struct RenderError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String

        /// `line 1, column 4: truncate: wrong number of arguments: want 2, got 1`.
        public var description: String { message }
    }

    public let source: String
    private let nodes: [TemplateNode]

    /// Parses `source`; throws `ParseError`.
    public init(_ source: String) throws {
        self.source = source
        nodes = try TemplateParser.parse(source)
    }

    /// The template applied to `context` (dot and `$`). Styling functions emit ANSI escapes only
    /// when `colors` is true; `time` formats in `timeZone`. Throws `RenderError`.
    public func render(_ context: JSONValue, colors: Bool, timeZone: TimeZone = .current) throws -> String {
        let renderer = TemplateRenderer(root: context.displayResolved,
                                        environment: TemplateEnvironment(colors: colors, timeZone: timeZone))
        var output = ""
        try renderer.render(nodes, dot: renderer.root, into: &output)
        return output
    }
}
