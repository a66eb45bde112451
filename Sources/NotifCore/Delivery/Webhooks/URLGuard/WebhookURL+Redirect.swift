extension WebhookURL {
    /// The absolute URL a redirect's `Location` points to, resolved against this URL as RFC 3986
    /// §5.2 says (absolute, scheme-relative `//host/…`, absolute-path, query-only or relative-path
    /// references). A fragment in the Location is dropped (fragments are never sent). The result is
    /// only text: it must pass `WebhookURLGuard.validate` again before anything is sent to it.
    public func resolving(location: String) -> String {
        var reference = Substring(location)
        while let first = reference.first, first == " " || first == "\t" { reference.removeFirst() }
        while let last = reference.last, last == " " || last == "\t" { reference.removeLast() }
        if let hash = reference.firstIndex(of: "#") { reference = reference[..<hash] }

        if Self.hasScheme(reference) { return String(reference) }
        if reference.hasPrefix("//") { return "\(scheme.rawValue):\(reference)" }
        if reference.isEmpty { return absoluteString }
        if reference.hasPrefix("?") { return origin + path + reference }

        let queryStart = reference.firstIndex(of: "?") ?? reference.endIndex
        let referencePath = String(reference[..<queryStart])
        let query = reference[queryStart...]
        if referencePath.hasPrefix("/") {
            return origin + Self.removeDotSegments(referencePath) + query
        }
        let basePath = path
        let directory = basePath.lastIndex(of: "/").map { String(basePath[...$0]) } ?? "/"
        return origin + Self.removeDotSegments(directory + referencePath) + query
    }

    /// `scheme ":"` with scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
    private static func hasScheme(_ reference: Substring) -> Bool {
        guard let colon = reference.firstIndex(of: ":") else { return false }
        let candidate = reference[..<colon]
        guard let first = candidate.first, first.isASCII, first.isLetter else { return false }
        return candidate.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }

    /// RFC 3986 §5.2.4 on an absolute path ("/a/b/../c/./d" → "/a/c/d").
    static func removeDotSegments(_ path: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var output: [Substring] = []
        for (offset, segment) in segments.enumerated() {
            let isLast = offset == segments.count - 1
            switch segment {
            case ".":
                if isLast { output.append("") }
            case "..":
                if !output.isEmpty { output.removeLast() }
                if isLast { output.append("") }
            default:
                output.append(segment)
            }
        }
        return "/" + output.joined(separator: "/")
    }
}
