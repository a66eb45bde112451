import NotifCore
import NotifTesting
import Testing

/// The pure parts of the schema registry: pattern ranking, compatibility rules, fingerprints, the cache.
struct SchemaRegistryLogicTests {
    @Test func specificityRanksLiteralsOverStarOverRest() throws {
        func ranked(_ patterns: [String]) -> [String] {
            patterns.compactMap { TopicPattern($0) }.sorted { $0.isMoreSpecific(than: $1) }.map(\.text)
        }
        #expect(ranked(["orders.>", "*.created", "orders.*", "orders.created", ">"])
                == ["orders.created", "orders.*", "orders.>", "*.created", ">"])
        #expect(ranked(["a.>", "a.b.c"]) == ["a.b.c", "a.>"])
        let star = try #require(TopicPattern("orders.*")), other = try #require(TopicPattern("users.*"))
        #expect(!star.isMoreSpecific(than: other) && !other.isMoreSpecific(than: star))
    }

    func version(_ document: JSONValue, examples: JSONValue? = nil) -> SchemaVersion {
        SchemaVersion(id: "schv_x", schemaID: "scm_x", version: "1", document: document, validationMode: .strict,
                      onInvalid: .reject, compatibility: .backward, examples: examples, fingerprint: "",
                      isLatest: true, createdAt: .now(), createdBy: nil)
    }

    @Test func backwardCompatibilityRules() {
        let base: JSONValue = ["type": "object", "required": ["id"], "additionalProperties": false,
                               "properties": ["id": ["type": "integer"], "kind": ["enum": ["a", "b"]],
                                              "name": ["type": "string", "maxLength": 10]]]
        func problems(_ new: JSONValue) -> [String] {
            SchemaCompatibilityCheck.problems(previous: version(base), new: new, examples: nil, mode: .backward)
        }
        #expect(problems(base).isEmpty)
        #expect(problems(true).isEmpty && problems([:]).isEmpty)
        #expect(problems(false) == ["(root): accepts nothing"])
        // Widening is fine: integer → number, more enum values, a longer maxLength, fewer required.
        #expect(problems(["type": "object", "properties": ["id": ["type": "number"], "kind": ["enum": ["a", "b", "c"]],
                                                           "name": ["type": "string", "maxLength": 20]]]).isEmpty)
        #expect(problems(["type": "object", "required": ["id", "name"]]) == ["(root): property name is now required"])
        #expect(problems(["type": "array"]) == ["(root): type object is no longer accepted"])
        #expect(problems(["properties": ["id": ["type": "string"]]]) == ["id: type integer is no longer accepted"])
        #expect(problems(["properties": ["kind": ["enum": ["a"]]]]) == [#"kind: value "b" is no longer allowed"#])
        #expect(problems(["properties": ["name": ["maxLength": 5]]]) == ["name: maxLength is now 5"])
        #expect(problems(["properties": ["name": ["pattern": "^x"]]]) == [#"name: pattern is now "^x""#])
        #expect(problems(["additionalProperties": false, "properties": ["id": true, "kind": true]])
                == ["(root): property name is no longer allowed"])
        #expect(problems(["items": ["type": "string"]]).isEmpty, "items only constrain arrays the old schema did not describe")
    }

    @Test func forwardFullAndExamples() {
        let old = version(["type": "object", "required": ["id"]], examples: [["id": 1]])
        let looser: JSONValue = ["type": "object"]
        #expect(SchemaCompatibilityCheck.problems(previous: old, new: looser, examples: nil, mode: .backward).isEmpty)
        #expect(SchemaCompatibilityCheck.problems(previous: old, new: looser, examples: nil, mode: .forward)
                == ["previous version 1 refuses what the new one accepts: (root): property id is now required"])
        #expect(SchemaCompatibilityCheck.problems(previous: old, new: looser, examples: nil, mode: .full).count == 1)
        #expect(SchemaCompatibilityCheck.problems(previous: old, new: false, examples: nil, mode: .none).isEmpty)
        // Keywords not compared structurally are covered by the examples.
        let oneOf: JSONValue = ["oneOf": [["required": ["name"]]]]
        let failures = SchemaCompatibilityCheck.problems(previous: old, new: oneOf, examples: nil, mode: .backward)
        #expect(failures.count == 1 && failures[0].hasPrefix("example 0 of version 1 is not valid under the new version"))
        let newExamples = SchemaCompatibilityCheck.problems(previous: old, new: looser, examples: [["x": 1]], mode: .forward)
        #expect(newExamples.contains { $0.hasPrefix("new example 0 is not valid under version 1") })
    }

    @Test func canonicalFormIgnoresKeyOrderAndWhitespace() throws {
        let a = try JSONValue.parse(#"{"b": [1, {"y": 2, "x": 1}], "a": "s"}"#)
        let b = try JSONValue.parse(#"{"a":"s","b":[1,{"x":1,"y":2}]}"#)
        #expect(a.canonicalSerialized() == b.canonicalSerialized())
        #expect(String(decoding: a.canonicalSerialized(), as: UTF8.self) == #"{"a":"s","b":[1,{"x":1,"y":2}]}"#)
        #expect(Digest.sha256Hex(a.canonicalSerialized()) == Digest.sha256Hex(b.canonicalSerialized()))
    }

    @Test func cacheServesStaleWhileReloadingAndKeepsItOnFailure() async throws {
        let cache = ReloadingCache<Int>(ttl: .milliseconds(50))
        let loads = SharedValue(0)
        let failing = SharedValue(false)
        let load: @Sendable () async throws -> Int = {
            if failing.value { throw CancellationError() }
            return loads.update { $0 += 1; return $0 }
        }
        #expect(try await cache.value(forKey: "k", load: load) == 1)
        #expect(try await cache.value(forKey: "k", load: load) == 1, "fresh values are reused")
        try await Task.sleep(for: .milliseconds(60))
        #expect(try await cache.value(forKey: "k", load: load) == 1, "an expired value is served while it reloads")
        let reloaded = await eventuallyTrue { (try? await cache.value(forKey: "k", load: load)) == 2 }
        #expect(reloaded)

        failing.value = true
        try await Task.sleep(for: .milliseconds(60))
        let reported = SharedValue(0)
        for _ in 0..<3 {
            #expect(try await cache.value(forKey: "k", onReloadFailure: { _ in reported.update { $0 += 1 } }, load: load) == 2)
        }
        #expect(await eventuallyTrue { reported.value >= 1 })
        await #expect(throws: CancellationError.self) { try await cache.value(forKey: "new", load: load) }

        failing.value = false
        cache.invalidate("k")
        #expect(try await cache.value(forKey: "k", load: load) == 3, "invalidate forces a load")
    }

    @Test func aLoadOverlappingAnInvalidationIsNotStored() async throws {
        let cache = ReloadingCache<String>(ttl: .seconds(60))
        let (started, startedContinuation) = AsyncStream<Void>.makeStream()
        let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
        let slow = Task {
            try await cache.value(forKey: "k") {
                startedContinuation.yield()
                for await _ in release { break }
                return "old"
            }
        }
        for await _ in started { break }
        cache.invalidate("k")
        releaseContinuation.yield()
        #expect(try await slow.value == "old")
        #expect(try await cache.value(forKey: "k") { "new" } == "new")
    }

    @Test func cacheIsBounded() async throws {
        let cache = ReloadingCache<Int>(ttl: .seconds(60), capacity: 10)
        for index in 0..<25 { _ = try await cache.value(forKey: "k\(index)") { index } }
        #expect(cache.count <= 10)
    }

    func eventuallyTrue(_ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}

