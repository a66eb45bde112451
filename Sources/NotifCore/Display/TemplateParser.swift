/// Builds the node tree from scanned pieces: `if`/`else if`/`else`, `with`/`else with`, `range`/`else`
/// and `end` nest; every other action is a pipeline to print.
struct TemplateParser {
    private let pieces: [TemplatePiece]
    private var index = 0

    static func parse(_ source: String) throws -> [TemplateNode] {
        var parser = TemplateParser(pieces: try TemplateScanner.scan(source))
        let (nodes, stop) = try parser.nodes()
        switch stop {
        case .endOfTemplate: return nodes
        case .end(let position): throw TemplateScanner.error("unexpected {{end}}", at: position)
        case .otherwise(_, let position): throw TemplateScanner.error("unexpected {{else}}", at: position)
        }
    }

    private init(pieces: [TemplatePiece]) {
        self.pieces = pieces
    }

    /// What ended a list of nodes.
    private enum Stop {
        case endOfTemplate
        case end(SourcePosition)
        /// `{{else …}}` with the tokens after `else`.
        case otherwise(ArraySlice<PositionedToken>, SourcePosition)
    }

    private mutating func nodes() throws -> ([TemplateNode], Stop) {
        var nodes: [TemplateNode] = []
        while index < pieces.count {
            let piece = pieces[index]
            index += 1
            guard case .action(let tokens, let position) = piece else {
                if case .text(let text) = piece { nodes.append(.text(text)) }
                continue
            }
            guard let first = tokens.first else { throw TemplateScanner.error("missing value for command", at: position) }
            let rest = tokens.dropFirst()
            switch first.token {
            case .identifier("if"): nodes.append(try conditional(keyword: "if", rest, at: position))
            case .identifier("with"): nodes.append(try conditional(keyword: "with", rest, at: position))
            case .identifier("range"): nodes.append(try range(rest, at: position))
            case .identifier("else"): return (nodes, .otherwise(rest, position))
            case .identifier("end"):
                if let extra = rest.first { throw TemplateScanner.error("unexpected tokens after end", at: extra.position) }
                return (nodes, .end(position))
            case .identifier(let word) where ["define", "template", "block", "break", "continue"].contains(word):
                throw TemplateScanner.error("{{\(word)}} is not supported", at: position)
            default:
                nodes.append(.output(try PipelineParser.parse(tokens[...], at: position)))
            }
        }
        return (nodes, .endOfTemplate)
    }

    private mutating func conditional(keyword: String, _ tokens: ArraySlice<PositionedToken>,
                                      at position: SourcePosition) throws -> TemplateNode {
        var branches: [TemplateConditional.Branch] = []
        var condition = try PipelineParser.parse(tokens, at: position, keyword: keyword)
        while true {
            let (body, stop) = try nodes()
            branches.append(.init(condition: condition, body: body))
            switch stop {
            case .endOfTemplate:
                throw missingEnd(keyword, at: position)
            case .end:
                return .conditional(TemplateConditional(setsDot: keyword == "with", branches: branches, otherwise: []))
            case .otherwise(let rest, let elsePosition) where !rest.isEmpty:
                guard rest.first?.token == .identifier(keyword) else {
                    throw TemplateScanner.error("expected {{else}} or {{else \(keyword) …}}", at: elsePosition)
                }
                condition = try PipelineParser.parse(rest.dropFirst(), at: elsePosition, keyword: "else \(keyword)")
            case .otherwise:
                let otherwise = try finalBranch(of: keyword, at: position)
                return .conditional(TemplateConditional(setsDot: keyword == "with", branches: branches, otherwise: otherwise))
            }
        }
    }

    private mutating func range(_ tokens: ArraySlice<PositionedToken>, at position: SourcePosition) throws -> TemplateNode {
        let collection = try PipelineParser.parse(tokens, at: position, keyword: "range")
        let (body, stop) = try nodes()
        switch stop {
        case .endOfTemplate: throw missingEnd("range", at: position)
        case .end: return .range(TemplateRange(collection: collection, body: body, otherwise: []))
        case .otherwise(let rest, let elsePosition):
            guard rest.isEmpty else { throw TemplateScanner.error("unexpected tokens after else", at: elsePosition) }
            let otherwise = try finalBranch(of: "range", at: position)
            return .range(TemplateRange(collection: collection, body: body, otherwise: otherwise))
        }
    }

    /// The nodes after a bare `{{else}}`, which must end with `{{end}}`.
    private mutating func finalBranch(of keyword: String, at position: SourcePosition) throws -> [TemplateNode] {
        let (otherwise, stop) = try nodes()
        switch stop {
        case .end: return otherwise
        case .endOfTemplate: throw missingEnd(keyword, at: position)
        case .otherwise(_, let elsePosition): throw TemplateScanner.error("unexpected {{else}} after {{else}}", at: elsePosition)
        }
    }

    private func missingEnd(_ keyword: String, at position: SourcePosition) -> DisplayTemplate.ParseError {
        TemplateScanner.error("unexpected end of template: {{\(keyword)}} has no {{end}}", at: position)
    }
}
