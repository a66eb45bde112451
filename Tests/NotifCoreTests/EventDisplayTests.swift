import Foundation
@testable import NotifCore
import Testing

/// How `notif subscribe` renders events: the template language, display configs, conditions,
/// config sources and the default line. Times are fixed and shown in UTC (or a fixed offset).
struct EventDisplayTests {
    static let utc = TimeZone(secondsFromGMT: 0)!
    /// 2025-01-15T10:30:05.25Z, a Wednesday.
    static let instant = Date(timeIntervalSince1970: 1_736_937_005.25)
    static let esc = "\u{1B}["

    static let order = DisplayEvent(id: "evt_1", topic: "orders.created.42", timestamp: instant, data: [
        "amount": .number("12.5"), "count": 3, "status": "paid", "tags": ["a", "b"],
        "user": ["name": "Ada Lovelace", "vip": true], "note": "",
    ])

    func render(_ source: String, _ context: JSONValue = order.templateContext(), colors: Bool = false) throws -> String {
        try DisplayTemplate(source).render(context, colors: colors, timeZone: Self.utc)
    }

    func parseError(_ source: String) -> DisplayTemplate.ParseError? {
        #expect(throws: DisplayTemplate.ParseError.self) { try DisplayTemplate(source) }
    }

    func renderError(_ source: String, _ context: JSONValue = order.templateContext()) -> DisplayTemplate.RenderError? {
        #expect(throws: DisplayTemplate.RenderError.self) { try render(source, context) }
    }

    func formatter(_ style: EventFormatter.Style, colors: Bool = false) -> EventFormatter {
        EventFormatter(style: style, colors: colors, timeZone: Self.utc)
    }

    func configured(_ topics: JSONValue, colors: Bool = false) throws -> EventFormatter {
        formatter(.configured(try DisplayConfigSet(notifFile: ["display": ["topics": topics]], schemas: [])), colors: colors)
    }

    func configError(_ config: JSONValue, pattern: String = "orders.*") -> DisplayConfigError? {
        #expect(throws: DisplayConfigError.self) { try DisplayConfig(json: config, pattern: pattern) }
    }

    static func schema(_ pattern: String, _ display: JSONValue?) -> JSONValue {
        var document: [JSONMember] = [JSONMember(key: "type", value: "object")]
        if let display { document.append(JSONMember(key: "x-notif-display", value: display)) }
        return ["name": "s", "topic_pattern": .string(pattern),
                "latest_version": ["version": "1.0.0", "schema": .object(document)]]
    }

    // MARK: Template language

    @Test func fieldsDotRootAndLiterals() throws {
        #expect(try render("{{ .data.user.name }} paid {{.data.amount}} for {{ .data.count }}") == "Ada Lovelace paid 12.5 for 3")
        #expect(try render("[{{ .data.missing.deeper }}]") == "[]", "missing fields print nothing")
        #expect(try render("{{ .data.tags }} {{ .data.user }}") == #"["a","b"] {"name":"Ada Lovelace","vip":true}"#)
        #expect(try render("{{ . }}", ["x": 1]) == #"{"x":1}"#)
        #expect(try render("{{ range .data.tags }}{{ . }}@{{ $.id }} {{ end }}") == "a@evt_1 b@evt_1 ")
        #expect(try render(#"{{ "tab\there \"q\" \u00e9" }}|{{ `raw\n` }}|{{ 42 }}|{{ -1.5 }}|{{ true }}|{{ nil }}"#)
            == "tab\there \"q\" é|raw\\n|42|-1.5|true|")
        #expect(try render("{{ (index .data.tags 1) }} {{ (get .data \"user\").name }}") == "b Ada Lovelace")
        #expect(try render("{{ .timestamp }} {{ .topic }}") == "2025-01-15T10:30:05.25Z orders.created.42")
    }

    @Test func pipesPassTheValueAsLastArgument() throws {
        #expect(try render(#"{{ .data.amount | printf "%.2f" }}"#) == "12.50")
        #expect(try render(#"{{ .data.status | upper | printf "<%s>" }}"#) == "<PAID>")
        #expect(try render(#"{{ printf "%s-%s" .id (.data.status | upper) }}"#) == "evt_1-PAID")
    }

    @Test func printfMapsGoVerbs() throws {
        #expect(GoPrintf.format("%s|%v|%d|%f|%.1f|%t|%%", ["x", 7, .number("9.99"), .number("1.5"), .number("2.25"), true])
            == "x|7|9|1.500000|2.2|true|%")
        #expect(GoPrintf.format("%q %x %X %x", ["a\"b", 255, 255, "hi"]) == #""a\"b" ff FF 6869"#)
        #expect(GoPrintf.format("[%5s][%-5s][%05d][%+d]", ["ab", "ab", 42, 3]) == "[   ab][ab   ][00042][+3]")
        #expect(GoPrintf.format("%.2f %d", ["3.14159", "12"]) == "3.14 12", "numeric strings are accepted")
        #expect(GoPrintf.format("%d %s", ["abc"]) == "%!d(string=abc) %!s(MISSING)")
        #expect(GoPrintf.format("%s", ["a", 1]) == "a%!(EXTRA number=1)")
        #expect(GoPrintf.format("%t %d", [1, .number("1e300")]) == "%!t(number=1) %!d(number=1e300)")
    }

    @Test func ifElseIfElse() throws {
        let source = #"{{ if gt .data.count 5 }}many{{ else if eq .data.count 3 }}three{{ else }}few{{ end }}"#
        #expect(try render(source) == "three")
        #expect(try render(source, ["data": ["count": 9]]) == "many")
        #expect(try render(source, ["data": ["count": 1]]) == "few")
        #expect(try render("{{ if .data.note }}note{{ else }}no note{{ end }}") == "no note")
    }

    @Test func rangeAndWith() throws {
        #expect(try render("{{ range .data.tags }}<{{ . }}>{{ else }}none{{ end }}") == "<a><b>")
        #expect(try render("{{ range .data.nothing }}<{{ . }}>{{ else }}none{{ end }}") == "none")
        #expect(try render("{{ range .data.user }}{{ . }};{{ end }}") == "Ada Lovelace;true;", "objects give their values in order")
        #expect(try render("{{ with .data.user }}{{ .name }}{{ end }}") == "Ada Lovelace")
        #expect(try render("{{ with .data.gone }}x{{ else with .data.status }}{{ . }}{{ else }}y{{ end }}") == "paid")
        #expect(try render("{{ with .data.gone }}x{{ else }}{{ .id }}{{ end }}") == "evt_1", "else keeps the outer dot")
    }

    @Test func trimMarkersAndComments() throws {
        #expect(try render("a  {{- .data.status -}}  \n b") == "apaidb")
        #expect(try render("a {{ .data.status }} b") == "a paid b")
        #expect(try render("x {{- /* note */ -}} y{{/* gone */}}") == "xy")
        #expect(try render("{{ -3 }}") == "-3", "a negative number is not a trim marker")
    }

    @Test func goTruthiness() throws {
        let values: [(JSONValue, Bool)] = [
            (false, false), (0, false), (.number("0.0"), false), (nil, false), ("", false), ([], false), ([:], false),
            (true, true), (1, true), ("0", true), ([0], true), (["k": nil], true),
        ]
        for (value, truthy) in values {
            #expect(try render("{{ if .v }}T{{ else }}F{{ end }}", ["v": value]) == (truthy ? "T" : "F"), "\(value)")
        }
        #expect(try render("{{ if .missing }}T{{ else }}F{{ end }}", [:]) == "F")
    }

    @Test func stringFunctions() throws {
        #expect(try render(#"{{ upper "ab" }} {{ lower "AB" }} {{ title "hello big-world" }}"#) == "AB ab Hello Big-World")
        #expect(try render(#"{{ replace "-" "+" "a-b-c" }} [{{ trim "  x \n" }}] {{ trimPrefix "ab" "abc" }} {{ trimSuffix "bc" "abc" }}"#)
            == "a+b+c [x] c a")
        #expect(try render(#"{{ split "," "a,b,c" | json }} {{ split "," "a,b" | join "+" }} {{ join "-" .data.tags }}"#)
            == #"["a","b","c"] a+b a-b"#)
        #expect(try render(#"{{ truncate 5 "abcdefgh" }} {{ truncate 5 "abc" }} {{ .data.user.name | truncate 4 }}"#) == "abcd… abc Ada…")
        #expect(try render(#"[{{ pad 5 "ab" }}][{{ padRight 4 "ab" }}][{{ padLeft 4 "ab" }}][{{ pad 1 "long" }}]"#)
            == "[ab   ][ab  ][  ab][long]")
    }

    @Test func logicFunctions() throws {
        #expect(try render("{{ eq .data.status \"x\" \"paid\" }} {{ ne 1 2 }} {{ eq 1 1.0 }} {{ eq .data.missing nil }}") == "true true true true")
        #expect(try render("{{ lt 1 2 }} {{ le 2 2 }} {{ gt \"b\" \"a\" }} {{ ge 1 2 }}") == "true true true false")
        #expect(try render("{{ and 1 0 2 }} {{ and 1 2 }} {{ or 0 \"\" \"x\" }} {{ or 0 nil }} {{ not .data.note }}") == "0 2 x  true")
        #expect(try render(#"{{ contains "Love" .data.user.name }} {{ contains "a" .data.tags }} {{ contains "vip" .data.user }}"#) == "true true true")
        #expect(try render(#"{{ hasPrefix "ord" .topic }} {{ hasSuffix "42" .topic }} {{ hasSuffix "x" .topic }}"#) == "true true false")
        #expect(try render(#"{{ .data.note | default "n/a" }} {{ default "n/a" .data.status }}"#) == "n/a paid")
        #expect(try render(#"{{ coalesce .data.none .data.note .data.status "z" }}|{{ coalesce 0 nil }}"#) == "paid|")
    }

    @Test func collectionFunctions() throws {
        #expect(try render(#"{{ get .data "user.name" }} {{ .data | get "user.vip" }} {{ get .data "tags.1" }} [{{ get .data "x.y" }}] [{{ .data.none | get "x" }}]"#)
            == "Ada Lovelace true b [] []")
        #expect(try render("{{ len .data.tags }} {{ len .data.user.name }} {{ len .data.user }} {{ len .data.none }}") == "2 12 2 0")
        #expect(try render("{{ keys .data.user | json }} {{ values .data.user | json }}") == #"["name","vip"] ["Ada Lovelace",true]"#)
        #expect(try render("{{ first .data.tags }} {{ last .data.tags }} [{{ first .data.nothing }}]") == "a b []")
        #expect(try render(#"{{ index .data "user" "name" }} {{ index .data.tags 0 }} [{{ index .data.tags 9 }}]"#) == "Ada Lovelace a []")
        #expect(try render(#"{{ json .data.status }} {{ .data.user | json }} {{ json .data.none }}"#)
            == #""paid" {"name":"Ada Lovelace","vip":true} null"#)
    }

    @Test func timeFormatsInTheGivenZone() throws {
        #expect(try render("{{ time .timestamp }} {{ .timestamp | time }}") == "10:30:05 10:30:05")
        #expect(try render(#"{{ time "2006-01-02 15:04:05.000 Mon Jan _2 3PM -07:00" .timestamp }}"#)
            == "2025-01-15 10:30:05.250 Wed Jan 15 10AM +00:00")
        #expect(try render(#"{{ time "%Y/%m/%d %H:%M:%S.%L %a %b %j %p" .timestamp }}"#) == "2025/01/15 10:30:05.250 Wed Jan 015 AM")
        #expect(try render(#"{{ time "15:04:05.999" 1736937005 }} {{ time "15:04" 1736937005250 }} [{{ time .none }}]"#)
            == "10:30:05 10:30 []", "Unix seconds, milliseconds, null")
        let plusTwo = try DisplayTemplate(#"{{ time "Jan 2 15:04 Z07:00" .t }}"#)
            .render(["t": "2024-12-31T23:30:00Z"], colors: false, timeZone: TimeZone(secondsFromGMT: 7200)!)
        #expect(plusTwo == "Jan 1 01:30 +02:00")
        #expect(renderError(#"{{ time "not a time" }}"#)?.message.contains("cannot read \"not a time\" as a time") == true)
    }

    @Test func stylesOnlyWhenColorsAreOn() throws {
        let source = #"{{ color "red" "r" }}{{ .data.status | color "brightGreen" }}{{ bg "blue" "b" }}{{ rgb 255 128 0 "o" }}{{ bold "B" }}{{ dim "d" }}{{ italic "i" }}{{ underline "u" }}{{ color "grey" "g" }}"#
        #expect(try render(source) == "rpaidboBdiug")
        let e = Self.esc
        #expect(try render(source, colors: true) == "\(e)31mr\(e)0m\(e)92mpaid\(e)0m\(e)44mb\(e)0m\(e)38;2;255;128;0mo\(e)0m"
            + "\(e)1mB\(e)0m\(e)2md\(e)0m\(e)3mi\(e)0m\(e)4mu\(e)0m\(e)90mg\(e)0m")
        #expect(try render(#"{{ bold (color "red" "x") }}"#, colors: true) == "\(e)1m\(e)31mx\(e)0m\(e)1m\(e)0m", "inner resets reopen")
        #expect(renderError(#"{{ color "mauve" "x" }}"#)?.message.contains("unknown color \"mauve\"") == true)
    }

    @Test func parseErrorsNameThePosition() throws {
        let unclosed = parseError("ab\ncd {{ .x ")
        #expect(unclosed == DisplayTemplate.ParseError(message: "unclosed action", line: 2, column: 4))
        #expect(unclosed?.description == "line 2, column 4: unclosed action")
        #expect(parseError("{{ if .x }}yes")?.message == "unexpected end of template: {{if}} has no {{end}}")
        #expect(parseError("x{{ end }}")?.column == 2)
        #expect(parseError("{{ .x | nope }}")?.message == "function \"nope\" not defined")
        #expect(parseError("{{ .x | nope }}")?.column == 9)
        #expect(parseError(#"{{ "open }}"#)?.message == "unterminated quoted string")
        #expect(parseError("{{ if 1 }}{{ else }}{{ else }}{{ end }}")?.message == "unexpected {{else}} after {{else}}")
        #expect(parseError("{{ .a .b }}")?.message == "can't give argument to non-function")
        #expect(parseError("{{ 1 | .b }}")?.message == "can't give argument to non-function")
        #expect(parseError("{{ }}")?.message == "missing value for command")
        #expect(parseError("{{ $x := 1 }}")?.message == "variables other than $ are not supported")
        #expect(parseError("{{ (upper \"a\" }}")?.message == "unclosed left paren")
        #expect(parseError("{{ template \"x\" }}")?.message == "{{template}} is not supported")
    }

    @Test func renderErrorsAreValues() throws {
        #expect(renderError(#"{{ truncate "x" }}"#)?.message == "line 1, column 4: truncate: wrong number of arguments: want 2, got 1")
        #expect(renderError(#"{{ lt .data.status 3 }}"#)?.message.hasSuffix("incompatible types for comparison: string and number") == true)
        #expect(renderError("{{ range .data.status }}{{ end }}")?.message.hasSuffix("range can't iterate over string") == true)
        #expect(renderError(#"{{ pad "wide" "x" }}"#)?.message.contains("must be an integer") == true)
        #expect(try render(#"{{ pad 100000000000 "x" | len }} {{ printf "%999999999d" 1 | len }}"#) == "4096 4096", "widths are capped")
    }

    // MARK: Display configs

    @Test func topicPatternNamesSegments() throws {
        let lines = try configured(["orders.>": ["topicPattern": "orders.{action}.{id}",
                                                 "template": "{{ .topic.action }} #{{ .topic.id }}: {{ .topic }}"]])
        #expect(lines.format(Self.order) == #"created #42: {"action":"created","id":"42"}"#)
        var other = Self.order
        other.topic = "orders.a.b.c"
        #expect(lines.format(other) == " #: orders.a.b.c", "no match leaves the topic string")
        #expect(TopicPartsPattern("a.*.{x}.>")?.parts(of: "a.b.c.d.e") == ["x": "c"])
        #expect(TopicPartsPattern("a.{x}")?.parts(of: "a") == nil)
        #expect(TopicPartsPattern("a.b{x}") == nil)
        #expect(TopicPartsPattern("a.>.b") == nil)
    }

    @Test func configuredFieldsLine() throws {
        let lines = try configured(["orders.*.*": ["fields": [
            ["path": "data.amount", "label": "total", "format": "%.2f", "color": "green"],
            ["path": "user.name", "width": 6],
            ["path": "status", "format": "upper", "conditions": [["when": #". == "paid""#, "color": "yellow", "prefix": "✓"]]],
            ["path": "tags", "format": "json"],
            ["path": "absent"],
        ]]])
        #expect(lines.format(Self.order) == #"10:30:05 orders.created.42 total=12.50 name=Ada L… status=✓PAID tags=["a","b"] absent="#)
        let colored = try configured(["orders.*.*": ["fields": [
            ["path": "amount", "color": "green"],
            ["path": "status", "color": "red", "conditions": [["when": #". == "paid""#, "color": "yellow"]]],
        ]]], colors: true)
        let e = Self.esc
        #expect(colored.format(Self.order)
            == "\(e)2m10:30:05\(e)0m \(e)36morders.created.42\(e)0m amount=\(e)32m12.5\(e)0m status=\(e)33mpaid\(e)0m")
    }

    @Test func fieldFormatsTimeAndWidthPadding() throws {
        let field = try DisplayField(ConfigReader(["path": "at", "format": "time", "width": 10], pattern: "x", keyPath: ""))
        let environment = TemplateEnvironment(colors: false, timeZone: Self.utc)
        #expect(field.render(data: ["at": "2025-01-15T10:30:05Z"], environment: environment) == "at=10:30:05  ")
        #expect(field.render(data: ["at": "soon"], environment: environment) == "at=soon      ")
        #expect(FieldFormat("json") == .json && FieldFormat("$%d") == .printf("$%d") && FieldFormat("fancy") == nil)
    }

    @Test func fieldsStyleFromTheCommandLine() {
        let lines = formatter(.fields(["data.user.name", "count", "tags.0"]), colors: false)
        #expect(lines.format(Self.order) == "10:30:05 orders.created.42 name=Ada Lovelace count=3 0=a")
    }

    @Test func conditionsDecorateTheWholeLine() throws {
        let lines = try configured(["orders.>": [
            "template": "{{ .label }} {{ .data.status }} {{ .topic }}",
            "conditions": [
                ["when": ".data.amount > 100", "prefix": "BIG "],
                ["when": #".data.status == "paid" and .topic == "orders.created.42""#, "color": "green",
                 "prefix": "[", "suffix": "]", "set": ["label": "PAID", "topic": "t"]],
                ["when": ".data.status", "prefix": "never "],
            ],
        ]], colors: true)
        #expect(lines.format(Self.order) == "\(Self.esc)32m[PAID paid t]\(Self.esc)0m", "first match: prefix, suffix, colour, set")
        var big = Self.order
        big.data = ["amount": 500, "status": "paid"]
        #expect(lines.format(big) == "BIG  paid orders.created.42", "only the first match applies")
        var none = Self.order
        none.data = ["status": false]
        #expect(lines.format(none) == " false orders.created.42")
    }

    @Test func conditionUsesRFC3339TimestampAndErrorsDoNotMatch() throws {
        let lines = try configured(["orders.>": ["conditions": [
            ["when": ".data.status.deeper", "prefix": "error "],
            ["when": "empty", "prefix": "empty "],
            ["when": #".timestamp | startswith("2025-01-15T10:30:05.25Z")"#, "prefix": "> ", "suffix": " <"],
        ]]])
        #expect(lines.format(Self.order).hasPrefix("> 10:30:05 orders.created.42 {"))
        #expect(lines.format(Self.order).hasSuffix("} <"))
    }

    @Test func defaultLine() throws {
        let lines = formatter(.configured(try DisplayConfigSet(notifFile: nil, schemas: [])))
        #expect(lines.format(Self.order)
            == #"10:30:05 orders.created.42 {"amount":12.5,"count":3,"status":"paid","tags":["a","b"],"user":{"name":"Ada Lovelace","vip":true},"note":""}"#)
        let colored = formatter(.configured(try DisplayConfigSet(notifFile: nil, schemas: [])), colors: true)
        let undated = DisplayEvent(id: "e", topic: "t", timestamp: nil, data: .raw(Array(#"{"k":[1]}"#.utf8)))
        #expect(colored.format(undated) == "\(Self.esc)2m--:--:--\(Self.esc)0m \(Self.esc)36mt\(Self.esc)0m {\"k\":[1]}")
    }

    @Test func templateStyleAndRenderFailures() throws {
        let lines = formatter(.template(try DisplayTemplate("{{ .id }}: {{ .data.user.name | upper }}")))
        #expect(lines.format(Self.order) == "evt_1: ADA LOVELACE")
        let failing = formatter(.template(try DisplayTemplate("{{ truncate .data.status }}")))
        #expect(failing.format(DisplayEvent(id: "e", topic: "t", timestamp: Self.instant, data: ["status": "x"]))
            == #"10:30:05 t {"status":"x"} (display error: line 1, column 4: truncate: wrong number of arguments: want 2, got 1)"#)
    }

    // MARK: Choosing a config

    @Test func notifFileBeatsSchemasAndSpecificPatternsWin() throws {
        let file: JSONValue = ["display": ["topics": [
            "orders.>": ["template": "file >"],
            "orders.*.42": ["template": "file *.42"],
            "orders.created.*": ["template": "file created.*"],
        ]]]
        let schemas = [
            Self.schema("orders.created.42", ["template": "schema exact"]),
            Self.schema("users.*", ["template": "schema users"]),
            Self.schema("users.signup", nil),
            ["name": "draft", "topic_pattern": "drafts.*"],
        ]
        let set = try DisplayConfigSet(notifFile: file, schemas: schemas)
        #expect(set.config(for: "orders.created.42")?.pattern == "orders.created.*", "tie between *.42 and created.*: more specific left to right")
        #expect(set.config(for: "orders.paid.42")?.pattern == "orders.*.42")
        #expect(set.config(for: "orders.x")?.pattern == "orders.>")
        #expect(set.config(for: "users.signup")?.pattern == "users.*")
        #expect(set.config(for: "drafts.one") == nil)
        let ties = try DisplayConfigSet(notifFile: nil, schemas: [Self.schema("a.*.c", ["template": "2"]), Self.schema("a.b.*", ["template": "1"])])
        #expect(ties.config(for: "a.b.c")?.pattern == "a.b.*")
        let equal = try DisplayConfigSet(notifFile: nil, schemas: [Self.schema("b.*", [:]), Self.schema("*.x", [:])])
        #expect(equal.config(for: "b.x")?.pattern == "b.*", "literal first beats * first")
    }

    @Test func equallySpecificPatternsTieLexicographically() throws {
        let set = try DisplayConfigSet(notifFile: ["display": ["topics": ["z.>": [:], "a.>": [:]]]], schemas: [])
        #expect(set.config(for: "a.b")?.pattern == "a.>")
        let twins = try DisplayConfigSet(notifFile: nil, schemas: [Self.schema("k.*", ["template": "x"]), Self.schema("k.*", ["template": "y"])])
        #expect(try twins.config(for: "k.v")?.line(for: Self.order, environment: .init(colors: false, timeZone: Self.utc)) == "x")
    }

    // MARK: Invalid configs

    @Test func invalidConfigsNameThePatternAndKey() throws {
        let jq = configError(["conditions": [["when": ".a |"]]])
        #expect(jq?.key == "conditions[0].when")
        #expect(jq?.description.hasPrefix(#"display config for "orders.*": conditions[0].when: jq: error"#) == true)
        #expect(configError(["template": "{{ .x "])?.description
            == #"display config for "orders.*": template: line 1, column 1: unclosed action"#)
        #expect(configError(["template": 5])?.description == #"display config for "orders.*": template: must be a string"#)
        #expect(configError(["fields": [["path": "a", "width": "wide"]]])?.key == "fields[0].width")
        #expect(configError(["fields": [["label": "a"]]])?.description == #"display config for "orders.*": fields[0].path: is required"#)
        #expect(configError(["fields": [["path": "a", "format": "fancy"]]])?.key == "fields[0].format")
        #expect(configError(["fields": [["path": "a..b"]]])?.key == "fields[0].path")
        #expect(configError(["fields": [["path": "a", "conditions": [["when": "."]], "color": "mauve"]]])?.message == "unknown color \"mauve\"")
        #expect(configError(["conditions": [["when": ".", "set": [1]]]])?.key == "conditions[0].set")
        #expect(configError(["conditions": [["color": "red"]]])?.key == "conditions[0].when")
        #expect(configError(["topicPattern": "a.{b"])?.key == "topicPattern")
        #expect(configError("text")?.description == #"display config for "orders.*": must be an object"#)
        #expect(configError([:], pattern: "bad..pattern")?.message == "not a valid topic pattern")
    }

    @Test func invalidSourcesAreReported() throws {
        let schemaError = #expect(throws: DisplayConfigError.self) {
            try DisplayConfigSet(notifFile: nil, schemas: [Self.schema("orders.*", ["fields": "amount"])])
        }
        #expect(schemaError?.description == #"display config for "orders.*": x-notif-display.fields: must be an array"#)
        let fileError = #expect(throws: DisplayConfigError.self) {
            try DisplayConfigSet(notifFile: ["display": ["topics": []]], schemas: [])
        }
        #expect(fileError?.description == ".notif.json: display.topics: must be an object")
        #expect(try DisplayConfigSet(notifFile: ["other": 1], schemas: []).config(for: "a") == nil)
    }

    // MARK: Times

    @Test func timestampsAndCalendarMath() {
        #expect(Timestamp(Self.instant).rfc3339 == "2025-01-15T10:30:05.25Z")
        #expect(Timestamp(rfc3339: "2025-01-15T12:30:05.25+02:00") == Timestamp(Self.instant))
        #expect(Timestamp(rfc3339: "2025-01-15 10:30:05Z")?.date == Date(timeIntervalSince1970: 1_736_937_005))
        #expect(Timestamp(rfc3339: "2025-13-15T10:30:05Z") == nil)
        #expect(Timestamp(rfc3339: "2025-01-15T10:30:05") == nil)
        let leap = CivilTime(Date(timeIntervalSince1970: 1_709_251_199), utcOffset: 0)
        #expect([leap.year, leap.month, leap.day, leap.hour, leap.dayOfYear, leap.weekday] as [Int] == [2024, 2, 29, 23, 60, 4])
        let moon = CivilTime(Date(timeIntervalSince1970: -14_182_940), utcOffset: 0)
        #expect([moon.year, moon.month, moon.day, moon.hour, moon.minute, moon.dayOfYear, moon.weekday] as [Int] == [1969, 7, 20, 20, 17, 201, 0])
        #expect(TimeLayout("%F %T %z").format(Self.instant, in: TimeZone(secondsFromGMT: -18_000)!) == "2025-01-15 05:30:05 -0500")
    }
}
