extension TopicPattern {
    /// The pattern that stands for "every topic": a subscription or webhook topic of exactly `*`
    /// (the reference's dashboards and SDK examples use it that way) or `>`.
    public static let everything = TopicPattern(">")!

    /// Parses a subscription/webhook topic: a lone `*` means every topic at any depth (api-spec
    /// §4.2), anything else is a NATS pattern.
    public init?(subscriptionTopic text: String) {
        if text == "*" {
            self = .everything
        } else {
            self.init(text)
        }
    }

    /// Whether every topic matched by `other` is matched by this pattern too.
    public func covers(_ other: TopicPattern) -> Bool {
        let mine = text.split(separator: ".", omittingEmptySubsequences: false)
        let theirs = other.text.split(separator: ".", omittingEmptySubsequences: false)
        for (index, segment) in mine.enumerated() {
            if segment == ">" { return theirs.count > index }
            guard index < theirs.count else { return false }
            let their = theirs[index]
            if their == ">" { return false }
            if segment == "*" { continue }
            if segment != their { return false }
        }
        return mine.count == theirs.count
    }
}
