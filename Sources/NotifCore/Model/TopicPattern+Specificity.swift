extension TopicPattern {
    /// Whether this pattern says more about a topic than `other` does, for choosing between patterns
    /// that both match it: compared segment by segment from the left, a literal beats `*`, which beats
    /// `>`; at the first difference the more specific segment wins, and when one pattern ends first
    /// (only possible where the other has `>` or the topics differ in depth) the longer one wins.
    /// Equal shapes (`orders.*` and `users.*`) are neither more nor less specific.
    public func isMoreSpecific(than other: TopicPattern) -> Bool {
        let mine = specificityRanks, theirs = other.specificityRanks
        for (a, b) in zip(mine, theirs) where a != b { return a > b }
        return mine.count > theirs.count
    }

    private var specificityRanks: [Int] {
        text.split(separator: ".", omittingEmptySubsequences: false).map { segment in
            switch segment {
            case ">": 0
            case "*": 1
            default: 2
            }
        }
    }
}
