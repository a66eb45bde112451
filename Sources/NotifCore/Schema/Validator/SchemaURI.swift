/// A URI split into its RFC 3986 components, with reference resolution (§5.2) used for `$id`/`id`
/// base changes and `$ref` targets. Parsing never fails: anything is split by the generic grammar
/// of RFC 3986 appendix B, which is all reference resolution needs.
struct SchemaURI: Sendable, Equatable {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    init(_ text: String) {
        var rest = Substring(text)
        if let colon = rest.firstIndex(of: ":"),
           !rest[..<colon].contains(where: { "/?#".contains($0) }),
           Self.isScheme(rest[..<colon]) {
            scheme = rest[..<colon].lowercased()
            rest = rest[rest.index(after: colon)...]
        }
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            authority = String(afterSlashes[..<end])
            rest = afterSlashes[end...]
        }
        path = String(rest)
    }

    static func isScheme(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCIILetter else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || "+-.".unicodeScalars.contains($0) }
    }

    /// The recomposed text.
    var string: String {
        var result = ""
        if let scheme { result += scheme + ":" }
        if let authority { result += "//" + authority }
        result += path
        if let query { result += "?" + query }
        if let fragment { result += "#" + fragment }
        return result
    }

    /// The recomposed text without its fragment: the key under which a schema resource is registered.
    var absoluteString: String {
        var copy = self
        copy.fragment = nil
        return copy.string
    }

    /// `reference` resolved against `self` (RFC 3986 §5.2.2).
    func resolving(_ reference: String) -> SchemaURI {
        let relative = SchemaURI(reference)
        var target = relative
        if relative.scheme != nil {
            target.path = Self.removeDotSegments(relative.path)
            return target
        }
        target.scheme = scheme
        if relative.authority != nil {
            target.path = Self.removeDotSegments(relative.path)
            return target
        }
        target.authority = authority
        if relative.path.isEmpty {
            target.path = path
            target.query = relative.query ?? query
        } else if relative.path.hasPrefix("/") {
            target.path = Self.removeDotSegments(relative.path)
        } else {
            target.path = Self.removeDotSegments(merge(relative.path))
        }
        return target
    }

    private func merge(_ relativePath: String) -> String {
        if authority != nil && path.isEmpty { return "/" + relativePath }
        guard let slash = path.lastIndex(of: "/") else { return relativePath }
        return String(path[...slash]) + relativePath
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        var input = Substring(path)
        var output: [Substring] = []
        while !input.isEmpty {
            if input.hasPrefix("../") {
                input = input.dropFirst(3)
            } else if input.hasPrefix("./") {
                input = input.dropFirst(2)
            } else if input.hasPrefix("/./") {
                input = input.dropFirst(2)
            } else if input == "/." {
                input = "/"
            } else if input.hasPrefix("/../") || input == "/.." {
                input = input == "/.." ? "/" : input.dropFirst(3)
                if !output.isEmpty { output.removeLast() }
            } else if input == "." || input == ".." {
                input = ""
            } else {
                let searchStart = input.hasPrefix("/") ? input.index(after: input.startIndex) : input.startIndex
                let end = input[searchStart...].firstIndex(of: "/") ?? input.endIndex
                output.append(input[..<end])
                input = input[end...]
            }
        }
        return output.joined()
    }
}
