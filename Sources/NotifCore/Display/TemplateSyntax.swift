/// A place in template source, counted from 1.
struct SourcePosition: Sendable, Equatable, CustomStringConvertible {
    var line: Int
    var column: Int

    var description: String { "line \(line), column \(column)" }
}

/// One lexical token inside `{{ … }}`.
enum TemplateToken: Sendable, Equatable {
    /// `.a.b` (`.` alone is the empty chain).
    case field([String])
    /// `$`, `$.a.b`: the chain starts at the template's root context.
    case root([String])
    case identifier(String)
    case string(String)
    /// A JSON number literal.
    case number(String)
    case leftParen
    case rightParen
    case pipe
}

/// A token, where it starts, and whether whitespace precedes it (`(x).f` differs from `(x) .f`).
struct PositionedToken: Sendable, Equatable {
    var token: TemplateToken
    var position: SourcePosition
    var followsSpace: Bool
}

/// The scanner's output: literal text, and actions as their tokens (trim markers already applied,
/// comments dropped).
enum TemplatePiece: Sendable, Equatable {
    case text(String)
    case action([PositionedToken], SourcePosition)
}

/// A parsed template: text, printed pipelines and control structures.
enum TemplateNode: Sendable {
    case text(String)
    case output(TemplatePipeline)
    case conditional(TemplateConditional)
    case range(TemplateRange)
}

/// `{{if}}` (or `{{with}}`, which also sets dot to the value) with its `else if` branches.
struct TemplateConditional: Sendable {
    struct Branch: Sendable {
        var condition: TemplatePipeline
        var body: [TemplateNode]
    }

    var setsDot: Bool
    var branches: [Branch]
    var otherwise: [TemplateNode]
}

/// `{{range}}`: the body once per element (dot is the element), `otherwise` when there is none.
struct TemplateRange: Sendable {
    var collection: TemplatePipeline
    var body: [TemplateNode]
    var otherwise: [TemplateNode]
}

/// Commands joined by `|`; each one's value is passed as the last argument of the next.
struct TemplatePipeline: Sendable {
    var commands: [TemplateCommand]
}

/// A function with its arguments, or a single value.
struct TemplateCommand: Sendable {
    var operands: [TemplateOperand]
    var position: SourcePosition
}

/// What a command is made of.
indirect enum TemplateOperand: Sendable {
    /// A chain from dot.
    case field([String])
    /// A chain from the root context (`$`).
    case root([String])
    case literal(JSONValue)
    /// A function by name: called with the rest of the command, or alone when it is an argument.
    case function(String)
    /// `( pipeline )` and a field chain read from its value.
    case group(TemplatePipeline, [String])
}
