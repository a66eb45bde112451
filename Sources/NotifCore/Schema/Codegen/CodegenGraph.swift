/// A directed graph between declaration names: which declaration mentions which. Used to order
/// TypeScript constants (dependencies first), to find recursive types, and by the Swift emitter to
/// decide which properties need boxing.
struct CodegenGraph {
    /// Nodes in a fixed order; every traversal follows it, so results are deterministic.
    let nodes: [String]
    private let edges: [String: [String]]

    init(nodes: [String], edges: (String) -> [String]) {
        self.nodes = nodes
        let known = Set(nodes)
        self.edges = Dictionary(uniqueKeysWithValues: nodes.map { node in (node, edges(node).filter(known.contains)) })
    }

    func successors(of node: String) -> [String] { edges[node] ?? [] }

    /// Strongly connected components (Tarjan). Each component comes after every component it
    /// points to; members keep node order.
    func components() -> [[String]] {
        var index: [String: Int] = [:]
        var lowLink: [String: Int] = [:]
        var stack: [String] = []
        var onStack: Set<String> = []
        var result: [[String]] = []
        let position = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, $0) })

        func visit(_ node: String) {
            index[node] = index.count
            lowLink[node] = index[node]
            stack.append(node)
            onStack.insert(node)
            for next in successors(of: node) {
                if index[next] == nil {
                    visit(next)
                    lowLink[node] = min(lowLink[node]!, lowLink[next]!)
                } else if onStack.contains(next) {
                    lowLink[node] = min(lowLink[node]!, index[next]!)
                }
            }
            guard lowLink[node] == index[node] else { return }
            var component: [String] = []
            while let top = stack.popLast() {
                onStack.remove(top)
                component.append(top)
                if top == node { break }
            }
            result.append(component.sorted { position[$0]! < position[$1]! })
        }

        for node in nodes where index[node] == nil { visit(node) }
        return result
    }

    /// Whether the component is a cycle: several members, or one that mentions itself.
    func isCycle(_ component: [String]) -> Bool {
        component.count > 1 || component.first.map { successors(of: $0).contains($0) } == true
    }

    /// Whether `target` can be reached from any of `starts` (a start equal to `target` counts).
    func reaches(_ target: String, from starts: [String]) -> Bool {
        var seen: Set<String> = []
        var pending = starts
        while let node = pending.popLast() {
            if node == target { return true }
            guard seen.insert(node).inserted else { continue }
            pending += successors(of: node)
        }
        return false
    }
}
