@testable import NotifCore
import Testing

@Suite struct TimestampTests {
    @Test func formatsTrimmedFractions() {
        #expect(Timestamp(nanosecondsSinceEpoch: 0).rfc3339 == "1970-01-01T00:00:00Z")
        #expect(Timestamp(nanosecondsSinceEpoch: 1_736_937_000_123_456_000).rfc3339 == "2025-01-15T10:30:00.123456Z")
        #expect(Timestamp(nanosecondsSinceEpoch: 1_736_937_000_100_000_000).rfc3339 == "2025-01-15T10:30:00.1Z")
        #expect(Timestamp(nanosecondsSinceEpoch: 1_736_937_000_123_456_789).rfc3339Seconds == "2025-01-15T10:30:00Z")
        #expect(Timestamp(nanosecondsSinceEpoch: -1_000_000_000).rfc3339 == "1969-12-31T23:59:59Z")
    }

    @Test func parsesOffsetsFractionsAndRejectsGarbage() {
        #expect(Timestamp(rfc3339: "2025-01-15T10:30:00.123456789Z")?.nanosecondsSinceEpoch == 1_736_937_000_123_456_789)
        #expect(Timestamp(rfc3339: "2025-01-15T12:30:00+02:00")?.rfc3339 == "2025-01-15T10:30:00Z")
        #expect(Timestamp(rfc3339: "2024-02-29T00:00:00Z") != nil)
        #expect(Timestamp(rfc3339: "2025-02-29T00:00:00Z") == nil)
        #expect(Timestamp(rfc3339: "2025-01-15T10:30:00") == nil)
        #expect(Timestamp(rfc3339: "2025-01-15T10:30:00", assumeUTC: true) != nil)
        #expect(Timestamp(rfc3339: "2025-01-15T10:30:00.Z") == nil)
        #expect(Timestamp(rfc3339: "2025-01-15T10:30:00.1234567891234Z") != nil)
        #expect(Timestamp(rfc3339: "yesterday") == nil)
    }

    @Test func roundTripsThroughText() {
        let now = Timestamp.now()
        #expect(Timestamp(rfc3339: now.rfc3339) == now)
        #expect(now.nanosecondsSinceEpoch % 1000 == 0)
    }
}

@Suite struct GoDurationTests {
    @Test func parsesGoSyntax() {
        #expect(GoDuration.parse("300ms") == .milliseconds(300))
        #expect(GoDuration.parse("1h30m") == .seconds(5400))
        #expect(GoDuration.parse("1.5s") == .milliseconds(1500))
        #expect(GoDuration.parse("0") == .zero)
        #expect(GoDuration.parse("2m3s") == .seconds(123))
        for bad in ["", "5", "1d", "m", "1.s.", "abc", "5 m"] { #expect(GoDuration.parse(bad) == nil, "\(bad)") }
    }

    @Test func formatsWholeMillisecondsThatParseBack() {
        #expect(GoDuration.string(.milliseconds(1500)) == "1500ms")
        #expect(GoDuration.string(.microseconds(2999)) == "2ms")
        #expect(GoDuration.string(.seconds(-3)) == "0ms")
        #expect(GoDuration.parse(GoDuration.string(.seconds(90))) == .seconds(90))
    }

    @Test func writesLikeGoDurationString() {
        #expect(GoDuration.goString(.seconds(12 * 3600)) == "12h0m0s")
        #expect(GoDuration.goString(.seconds(168 * 3600)) == "168h0m0s")
        #expect(GoDuration.goString(.seconds(90)) == "1m30s")
        #expect(GoDuration.goString(.milliseconds(1500)) == "1.5s")
        #expect(GoDuration.goString(.milliseconds(61_050)) == "1m1.05s")
        #expect(GoDuration.goString(.milliseconds(500)) == "500ms")
        #expect(GoDuration.goString(.zero) == "0s")
        for duration in [Duration.seconds(3723), .milliseconds(2500), .milliseconds(7)] {
            #expect(GoDuration.parse(GoDuration.goString(duration)) == duration)
        }
    }
}

@Suite struct TopicTests {
    @Test func validatesInSpecOrderWithSpecMessages() {
        #expect(Topic.validationError("") == "topic is required")
        #expect(Topic.validationError(String(repeating: "a", count: 256)) == "topic too long, max 255 chars")
        #expect(Topic.validationError("$internal") == "topic cannot start with $")
        #expect(Topic.validationError(".a") == "topic cannot start or end with .")
        #expect(Topic.validationError("a.*") == "topic cannot contain wildcard characters (> or *)")
        #expect(Topic.validationError("a..b") != nil)
        #expect(Topic.validationError("a b") != nil)
        #expect(Topic.validationError("a\u{7}") != nil)
        #expect(Topic.validationError("orders.created") == nil)
        #expect(Topic.validationError("système.événement") == nil)
    }

    @Test func patternsMatchWithNATSSemantics() throws {
        let one = try #require(TopicPattern("orders.*"))
        #expect(one.matches("orders.created"))
        #expect(!one.matches("orders"))
        #expect(!one.matches("orders.us.paid"))
        let rest = try #require(TopicPattern("orders.>"))
        #expect(rest.matches("orders.us.paid"))
        #expect(!rest.matches("orders"))
        let mixed = try #require(TopicPattern("orders.*.>"))
        #expect(!mixed.matches("orders.placed"))
        #expect(mixed.matches("orders.placed.eu"))
        for bad in ["", "a..b", "a.>.b", "a*", "a.b>", "$x", "a b"] { #expect(TopicPattern(bad) == nil, "\(bad)") }
    }

    @Test func postgresRegexEscapesLiterals() throws {
        #expect(try #require(TopicPattern("a+b.*.>")).postgresRegex == "^a\\+b\\.[^.]+\\..+$")
    }
}

@Suite struct IdentifierTests {
    @Test func generatedIdentifiersHaveTheDocumentedShapes() {
        let key = APIKeySecret.generate()
        #expect(APIKeySecret.isWellFormed(key))
        #expect(key.count == 32 && key.hasPrefix("nsh_"))
        #expect(APIKeySecret.displayPrefix(key).count == 16)
        #expect(APIKeySecret.hash(key).count == 64)
        #expect(!APIKeySecret.isWellFormed("nsh_invalidkey123456789"))
        #expect(!APIKeySecret.isWellFormed("nsh_" + String(repeating: "-", count: 28)))
        let event = Identifiers.newEventID()
        #expect(event.count == 28 && event.hasPrefix("evt_"))
        let project = Identifiers.newProjectID()
        #expect(project.count == 31 && Identifiers.isValidProjectID(project))
        #expect(Identifiers.isValidOrgID("org_default"))
        for bad in ["", "a.b", "a b", "a/b", "a>b", String(repeating: "a", count: 33), "é"] {
            #expect(!Identifiers.isValidOrgID(bad), "\(bad)")
        }
    }

    @Test func randomTokensUseTheirWholeAlphabetAndDiffer() {
        let hex = (0..<200).map { _ in RandomToken.hex(bytes: 12) }
        #expect(Set(hex).count == 200 && hex.allSatisfy { $0.count == 24 })
        #expect(Set(hex.joined()) == Set("0123456789abcdef"))
        let alphanumeric = (0..<200).map { _ in RandomToken.alphanumeric(28) }
        #expect(Set(alphanumeric).count == 200 && alphanumeric.allSatisfy { $0.count == 28 })
        #expect(Set(alphanumeric.joined()).count == 62)
    }

    @Test func sha256MatchesKnownVector() {
        #expect(Digest.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func slugsAreDerivedAndValidated() {
        #expect(Project.slug(fromName: "My  Cool_Project!!") == "my-cool-project")
        #expect(Project.isValidSlug("project-a"))
        #expect(!Project.isValidSlug("Project"))
        #expect(!Project.isValidSlug("a--b"))
        #expect(!Project.isValidSlug("-a"))
    }
}

@Suite struct BrokerParsingTests {
    @Test func parsesBothAckSubjectForms() throws {
        let v1 = try #require(JetStreamMetadata(ackSubject: "$JS.ACK.NOTIF_EVENTS.idx.3.42.7.1736937000123456789.5"))
        #expect(v1.stream == "NOTIF_EVENTS" && v1.consumer == "idx" && v1.deliveryCount == 3)
        #expect(v1.streamSequence == 42 && v1.consumerSequence == 7 && v1.pending == 5)
        #expect(v1.timestamp.rfc3339 == "2025-01-15T10:30:00.123456789Z")
        let v2 = try #require(JetStreamMetadata(ackSubject: "$JS.ACK._.ACCHASH.S.C.1.2.3.1000.0.token"))
        #expect(v2.stream == "S" && v2.consumer == "C" && v2.streamSequence == 2)
        #expect(JetStreamMetadata(ackSubject: "_INBOX.abc") == nil)
        #expect(JetStreamMetadata(ackSubject: "$JS.ACK.S.C.x.2.3.4.5") == nil)
    }

    @Test func readsPublishAcksAndErrors() throws {
        let ack = try PublishAck(reply: Array(#"{"stream":"NOTIF_EVENTS","seq":42,"duplicate":true}"#.utf8), subject: "s")
        #expect(ack.stream == "NOTIF_EVENTS" && ack.sequence == 42 && ack.duplicate)
        let plain = try PublishAck(reply: Array(#"{"stream":"S","seq":7}"#.utf8), subject: "s")
        #expect(!plain.duplicate && plain.sequence == 7)
        #expect(throws: BrokerError.self) {
            try PublishAck(reply: Array(#"{"error":{"code":503,"err_code":10077,"description":"maximum messages exceeded"}}"#.utf8), subject: "s")
        }
        #expect(throws: BrokerError.self) { try PublishAck(reply: Array("nonsense".utf8), subject: "s") }
        #expect(throws: BrokerError.self) { try PublishAck(reply: Array(#"{"stream":"S"}"#.utf8), subject: "s") }
    }

    @Test func subjectsRoundTrip() throws {
        let subject = Subjects.event(org: "org_a", project: "prj_1", topic: "orders.us.created")
        #expect(subject == "events.org_a.prj_1.orders.us.created")
        let parts = try #require(Subjects.topic(ofEventSubject: subject))
        #expect(parts.org == "org_a" && parts.project == "prj_1" && parts.topic == "orders.us.created")
    }

    @Test func eventEnvelopeRoundTrips() throws {
        let event = Event(id: "evt_1", topic: "a.b", data: Array(#"{"k":[1,2]}"#.utf8), timestamp: .now(), orgID: "o", projectID: "prj_x")
        let decoded = try #require(Event(envelope: event.envelope.serialized()))
        #expect(decoded == event)
    }

    @Test func databaseURLParsing() throws {
        let url = try DatabaseURL("postgres://u%40x:p%3Aw@db.example:6543/notif?sslmode=disable")
        #expect(url.username == "u@x" && url.password == "p:w" && url.host == "db.example" && url.port == 6543)
        #expect(url.database == "notif" && url.sslMode == "disable")
        #expect(!url.redacted.contains("p:w"))
        #expect(throws: DatabaseURL.ParseError.self) { try DatabaseURL("mysql://x") }
        #expect(throws: DatabaseURL.ParseError.self) { try DatabaseURL("postgres://h:99999/db") }
    }
}
