/// Cycles that never reach an object, array or map: `A = B | null; B = A` (or `{"$ref": "#"}` at the
/// root). Every step of such a cycle looks at the same JSON value again, so a decoder or zod
/// validator following it would recurse forever; the references that close it become untyped.
extension CodegenModel {
    func breakingDirectCycles() -> CodegenModel {
        let kinds = Dictionary(declarations.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first })
        let candidates = declarations.filter { declaration in
            switch declaration.kind {
            case .alias, .union: true
            case .object, .stringEnum: false
            }
        }
        let graph = CodegenGraph(nodes: candidates.map(\.name)) { name in
            switch kinds[name] {
            case .alias(let type): Self.directNames(type)
            case .union(let members): members.flatMap(Self.directNames)
            default: []
            }
        }
        var result = self
        for component in graph.components() where graph.isCycle(component) {
            let cycle = Set(component)
            for index in result.declarations.indices where cycle.contains(result.declarations[index].name) {
                switch result.declarations[index].kind {
                case .alias(let type):
                    result.declarations[index].kind = .alias(Self.untyping(type, cycle))
                case .union(let members):
                    var kept: [CodegenType] = []
                    for member in members.map({ Self.untyping($0, cycle) }) where !kept.contains(member) { kept.append(member) }
                    result.declarations[index].kind = .union(kept)
                default:
                    break
                }
            }
        }
        return result
    }

    /// Declarations a type names other than inside an array or a map.
    private static func directNames(_ type: CodegenType) -> [String] {
        switch type {
        case .named(let name): [name]
        case .nullable(let wrapped): directNames(wrapped)
        default: []
        }
    }

    private static func untyping(_ type: CodegenType, _ cycle: Set<String>) -> CodegenType {
        switch type {
        case .named(let name) where cycle.contains(name): .untyped(note: "circular reference to \(name)")
        case .nullable(let wrapped): .nullable(untyping(wrapped, cycle))
        default: type
        }
    }
}
