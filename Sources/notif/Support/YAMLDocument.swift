import NotifCore
import Yams

/// YAML files (schema definitions, `.notif.yaml`) read as JSON values, keeping mapping order.
enum YAMLDocument {
    static func parse(_ text: String, file: String) throws -> JSONValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw CLIFailure.usage("error: \(file) is not valid YAML: \(String(describing: error).split(separator: "\n").first ?? "")")
        }
        guard let node else { return .null }
        return try json(node, file: file)
    }

    static func json(_ node: Node, file: String) throws -> JSONValue {
        switch node {
        case .mapping(let mapping):
            var members: [JSONMember] = []
            for (key, value) in mapping {
                guard let name = key.string else { throw CLIFailure.usage("error: \(file): mapping keys must be strings") }
                members.append(JSONMember(key: name, value: try json(value, file: file)))
            }
            return .object(members)
        case .sequence(let sequence):
            return .array(try sequence.map { try json($0, file: file) })
        case .scalar(let scalar):
            return scalarValue(node, scalar)
        case .alias:
            throw CLIFailure.usage("error: \(file): YAML aliases are not supported")
        }
    }

    private static func scalarValue(_ node: Node, _ scalar: Node.Scalar) -> JSONValue {
        // Quoted scalars are always strings; plain ones follow YAML's core schema.
        if scalar.style != .plain { return .string(scalar.string) }
        if node.null != nil { return .null }
        if let bool = node.bool { return .bool(bool) }
        if let integer = node.int { return .int(integer) }
        if let double = node.float, double.isFinite { return .double(double) }
        return .string(scalar.string)
    }
}
