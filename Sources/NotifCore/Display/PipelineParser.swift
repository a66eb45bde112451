/// Reads one pipeline from an action's tokens: commands separated by `|`, each a function with
/// arguments or a single value; arguments may be `( pipelines )`, optionally followed by a field chain.
struct PipelineParser {
    private let tokens: [PositionedToken]
    private let actionPosition: SourcePosition
    private var index = 0

    /// The pipeline made of all of `tokens`; `keyword` names the action in messages (`if`, `range`).
    static func parse(_ tokens: ArraySlice<PositionedToken>, at position: SourcePosition,
                      keyword: String? = nil) throws -> TemplatePipeline {
        guard !tokens.isEmpty else {
            throw TemplateScanner.error("missing value for \(keyword ?? "command")", at: position)
        }
        var parser = PipelineParser(tokens: Array(tokens), actionPosition: position)
        let pipeline = try parser.pipeline()
        if let extra = parser.peek {
            throw TemplateScanner.error("unexpected \(extra.token.summary) in \(keyword ?? "command")", at: extra.position)
        }
        return pipeline
    }

    private init(tokens: [PositionedToken], actionPosition: SourcePosition) {
        self.tokens = tokens
        self.actionPosition = actionPosition
    }

    private var peek: PositionedToken? { index < tokens.count ? tokens[index] : nil }

    private var position: SourcePosition { peek?.position ?? tokens.last?.position ?? actionPosition }

    private mutating func pipeline() throws -> TemplatePipeline {
        var commands = [try command(piped: false)]
        while peek?.token == .pipe {
            index += 1
            commands.append(try command(piped: true))
        }
        return TemplatePipeline(commands: commands)
    }

    private mutating func command(piped: Bool) throws -> TemplateCommand {
        let start = position
        var operands: [TemplateOperand] = []
        while let next = peek, next.token != .pipe, next.token != .rightParen {
            operands.append(try operand())
        }
        guard let first = operands.first else { throw TemplateScanner.error("missing value for command", at: start) }
        if case .function = first {} else if operands.count > 1 || piped {
            throw TemplateScanner.error("can't give argument to non-function", at: start)
        }
        return TemplateCommand(operands: operands, position: start)
    }

    private mutating func operand() throws -> TemplateOperand {
        let current = tokens[index]
        index += 1
        switch current.token {
        case .field(let chain): return .field(chain)
        case .root(let chain): return .root(chain)
        case .string(let value): return .literal(.string(value))
        case .number(let literal): return .literal(.number(literal))
        case .identifier("true"): return .literal(true)
        case .identifier("false"): return .literal(false)
        case .identifier("nil"): return .literal(.null)
        case .identifier(let name):
            guard TemplateFunctions.all[name] != nil else {
                throw TemplateScanner.error("function \"\(name)\" not defined", at: current.position)
            }
            return .function(name)
        case .leftParen:
            let inner = try pipeline()
            guard peek?.token == .rightParen else { throw TemplateScanner.error("unclosed left paren", at: current.position) }
            index += 1
            var chain: [String] = []
            while let next = peek, !next.followsSpace, case .field(let more) = next.token {
                chain += more
                index += 1
            }
            return .group(inner, chain)
        case .rightParen, .pipe:
            throw TemplateScanner.error("unexpected \(current.token.summary)", at: current.position)
        }
    }
}

extension TemplateToken {
    /// How messages name the token.
    var summary: String {
        switch self {
        case .field(let chain): return "." + chain.joined(separator: ".")
        case .root(let chain): return (["$"] + chain).joined(separator: ".")
        case .identifier(let name): return name
        case .string(let value): return JSONValue.string(value).jsonString
        case .number(let literal): return literal
        case .leftParen: return "\"(\""
        case .rightParen: return "\")\""
        case .pipe: return "\"|\""
        }
    }
}
