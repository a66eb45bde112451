import NotifCore
import Testing

@Suite struct JSONValueTests {
    @Test func parsesAndCompactsPreservingOrderAndLiterals() throws {
        let value = try JSONValue.parse(#" { "b" : 1.50 , "a" : [ true , null , "x\ny" ], "n": -0.5e+10 } "#)
        #expect(value.jsonString == #"{"b":1.50,"a":[true,null,"x\ny"],"n":-0.5e+10}"#)
        #expect(value["a"]?.arrayValue?.count == 3)
    }

    @Test func rejectsInvalidDocuments() {
        for bad in ["", "{", "{\"a\":}", "[1,]", "01", "1.", "tru", "\"\\x\"", "{} {}", "{\"a\":1}x", "\"\u{01}\"", "NaN", "[\"\\ud800\"]"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONValue.parse(bad) }
        }
    }

    @Test func rejectsInvalidUTF8AndDeepNesting() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xFF, 0x22]) }
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONValue.parse(#""\u00e9\ud83d\ude00\/\t""#)
        #expect(value.stringValue == "é😀/\t")
        #expect(value.jsonString == "\"é😀/\\t\"")
    }

    @Test func caseInsensitiveLookupPrefersExactMatch() throws {
        let value = try JSONValue.parse(#"{"Topic":"a","topic":"b"}"#)
        #expect(value.member(caseInsensitive: "topic")?.stringValue == "b")
        let only = try JSONValue.parse(#"{"TOPIC":"a"}"#)
        #expect(only.member(caseInsensitive: "topic")?.stringValue == "a")
    }

    @Test func objectBuilderOmitsNilMembersAndEscapesControlCharacters() {
        let value = JSONValue.object(["a": .string("q\"\u{01}"), "b": nil, "c": .raw(Array("{\"x\":1}".utf8))])
        #expect(value.jsonString == #"{"a":"q\"\u0001","c":{"x":1}}"#)
    }
}
