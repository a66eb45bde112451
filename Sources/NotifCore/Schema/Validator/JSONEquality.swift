/// JSON Schema equality (for `enum`, `const` and `uniqueItems`): numbers compare mathematically
/// (`1 == 1.0`), object key order is irrelevant, `.raw` compares by its parsed value. Iterative,
/// so arbitrarily deep values cannot overflow the stack.
enum JSONEquality {
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        var pending: [(JSONValue, JSONValue)] = [(lhs, rhs)]
        while let (left, right) = pending.popLast() {
            guard let left = left.expandingRaw, let right = right.expandingRaw else { return false }
            switch (left, right) {
            case (.null, .null):
                continue
            case (.bool(let a), .bool(let b)):
                guard a == b else { return false }
            case (.number(let a), .number(let b)):
                guard a == b || (JSONNumber(literal: a).map { $0 == JSONNumber(literal: b) } ?? false) else { return false }
            case (.string(let a), .string(let b)):
                guard a.unicodeScalars.elementsEqual(b.unicodeScalars) else { return false }
            case (.array(let a), .array(let b)):
                guard a.count == b.count else { return false }
                pending.append(contentsOf: zip(a, b))
            case (.object, .object):
                guard let a = left.uniqueMembers, let b = right.uniqueMembers, a.count == b.count else { return false }
                var byKey: [String: JSONValue] = [:]
                for member in b { byKey[member.key] = member.value }
                for member in a {
                    guard let other = byKey[member.key] else { return false }
                    pending.append((member.value, other))
                }
            default:
                return false
            }
        }
        return true
    }

    /// A hash consistent with `equal` (equal values hash equally) that looks `depth` levels deep;
    /// used to bucket array items before pairwise comparison for `uniqueItems`.
    static func hash(_ value: JSONValue, depth: Int = 3) -> Int {
        var hasher = Hasher()
        switch value.expandingRaw {
        case .none:
            hasher.combine(-1)
        case .null?:
            hasher.combine(0)
        case .bool(let flag)?:
            hasher.combine(1)
            hasher.combine(flag)
        case .number(let literal)?:
            hasher.combine(2)
            hasher.combine(JSONNumber(literal: literal))
        case .string(let text)?:
            hasher.combine(3)
            for scalar in text.unicodeScalars { hasher.combine(scalar.value) }
        case .array(let elements)?:
            hasher.combine(4)
            hasher.combine(elements.count)
            if depth > 0 {
                for element in elements.prefix(16) { hasher.combine(hash(element, depth: depth - 1)) }
            }
        case let object?:
            hasher.combine(5)
            let members = object.uniqueMembers ?? []
            hasher.combine(members.count)
            // Order-independent: combine per-member hashes commutatively.
            var combined = 0
            for member in members {
                var memberHasher = Hasher()
                memberHasher.combine(member.key)
                if depth > 0 { memberHasher.combine(hash(member.value, depth: depth - 1)) }
                combined = combined &+ memberHasher.finalize()
            }
            hasher.combine(combined)
        }
        return hasher.finalize()
    }
}
