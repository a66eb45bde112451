/// Walks a parsed template: dot starts as the root context, `range` and `with` move it.
struct TemplateRenderer {
    let root: JSONValue
    let environment: TemplateEnvironment

    func render(_ nodes: [TemplateNode], dot: JSONValue, into output: inout String) throws {
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case .output(let pipeline):
                output += try evaluate(pipeline, dot: dot).displayText
            case .conditional(let conditional):
                try render(conditional, dot: dot, into: &output)
            case .range(let range):
                try render(range, dot: dot, into: &output)
            }
        }
    }

    private func render(_ conditional: TemplateConditional, dot: JSONValue, into output: inout String) throws {
        for branch in conditional.branches {
            let value = try evaluate(branch.condition, dot: dot)
            if value.isDisplayTruthy {
                return try render(branch.body, dot: conditional.setsDot ? value : dot, into: &output)
            }
        }
        try render(conditional.otherwise, dot: dot, into: &output)
    }

    /// Arrays by element, objects by member value in document order; null and empty use `else`.
    private func render(_ range: TemplateRange, dot: JSONValue, into output: inout String) throws {
        let collection = try evaluate(range.collection, dot: dot).displayResolved
        let elements: [JSONValue]
        switch collection {
        case .null: elements = []
        case .array(let items): elements = items
        case .object(let members): elements = members.map(\.value)
        default:
            let position = range.collection.commands[0].position
            throw DisplayTemplate.RenderError(message: "\(position): range can't iterate over \(collection.displayTypeName)")
        }
        guard !elements.isEmpty else { return try render(range.otherwise, dot: dot, into: &output) }
        for element in elements {
            try render(range.body, dot: element, into: &output)
        }
    }

    func evaluate(_ pipeline: TemplatePipeline, dot: JSONValue) throws -> JSONValue {
        var piped: JSONValue?
        for command in pipeline.commands {
            piped = try evaluate(command, dot: dot, piped: piped)
        }
        return piped ?? .null
    }

    /// A function call with the command's other operands (and the piped value last), or the value
    /// of its single operand (the parser allows nothing else).
    private func evaluate(_ command: TemplateCommand, dot: JSONValue, piped: JSONValue?) throws -> JSONValue {
        guard case .function(let name) = command.operands[0] else {
            return try evaluate(command.operands[0], dot: dot, at: command.position)
        }
        var arguments = try command.operands.dropFirst().map { try evaluate($0, dot: dot, at: command.position) }
        if let piped { arguments.append(piped) }
        return try call(name, arguments, at: command.position)
    }

    private func evaluate(_ operand: TemplateOperand, dot: JSONValue, at position: SourcePosition) throws -> JSONValue {
        switch operand {
        case .field(let chain): return dot.displayValue(atPath: chain)
        case .root(let chain): return root.displayValue(atPath: chain)
        case .literal(let value): return value
        case .function(let name): return try call(name, [], at: position)
        case .group(let pipeline, let chain): return try evaluate(pipeline, dot: dot).displayValue(atPath: chain)
        }
    }

    private func call(_ name: String, _ arguments: [JSONValue], at position: SourcePosition) throws -> JSONValue {
        guard let function = TemplateFunctions.all[name] else {
            throw DisplayTemplate.RenderError(message: "\(position): function \"\(name)\" not defined")
        }
        do {
            return try function(TemplateArguments(values: arguments), environment)
        } catch let failure as TemplateFunctionError {
            throw DisplayTemplate.RenderError(message: "\(position): \(name): \(failure.message)")
        }
    }
}
