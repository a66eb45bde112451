/// Identifier formats (api-spec §0.5) and their generators.
public enum Identifiers {
    /// `evt_` + 24 lowercase hex (12 random bytes).
    public static func newEventID() -> String { "evt_" + RandomToken.hex(bytes: 12) }

    /// `prj_` + 27 lowercase hex.
    public static func newProjectID() -> String { "prj_" + String(RandomToken.hex(bytes: 14).prefix(27)) }

    /// `ws_` + 16 lowercase hex.
    public static func newClientID() -> String { "ws_" + RandomToken.hex(bytes: 8) }

    /// Org ids are single NATS subject tokens: `^[a-zA-Z0-9_-]{1,32}$`.
    public static func isValidOrgID(_ id: String) -> Bool {
        (1...32).contains(id.utf8.count) && id.utf8.allSatisfy(isIDCharacter)
    }

    /// Project ids are `prj_` plus 1–28 characters of `[a-zA-Z0-9_-]` (ours are 27 hex; older
    /// deployments used other lengths), always a single subject token.
    public static func isValidProjectID(_ id: String) -> Bool {
        id.hasPrefix("prj_") && (5...32).contains(id.utf8.count) && id.utf8.dropFirst(4).allSatisfy(isIDCharacter)
    }

    public static func isValidEventID(_ id: String) -> Bool {
        id.hasPrefix("evt_") && (5...64).contains(id.utf8.count) && id.utf8.dropFirst(4).allSatisfy(isIDCharacter)
    }

    private static func isIDCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): return true
        default: return false
        }
    }
}
