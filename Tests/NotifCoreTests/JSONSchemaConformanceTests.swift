import Foundation
import Testing
import NotifCore

/// Runs the required (non-optional) tests of the official JSON-Schema-Test-Suite for drafts 4, 6
/// and 7 from `Fixtures/JSONSchemaTestSuite` (see its LICENSE and UPSTREAM_COMMIT).
@Suite struct JSONSchemaConformanceTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/JSONSchemaTestSuite")

    /// Every file under `remotes/`, keyed as the suite's test server serves it.
    static func loadRemotes() throws -> [String: JSONValue] {
        let root = fixtures.appendingPathComponent("remotes")
        var remotes: [String: JSONValue] = [:]
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        for relative in files where relative.hasSuffix(".json") {
            let data = try Data(contentsOf: root.appendingPathComponent(relative))
            remotes["http://localhost:1234/" + relative] = try JSONValue.parse(data)
        }
        return remotes
    }

    struct Outcome {
        var passed = 0
        var total = 0
        var failures: [String] = []

        mutating func record(_ ok: Bool, _ name: @autoclosure () -> String) {
            total += 1
            if ok { passed += 1 } else { failures.append(name()) }
        }
    }

    /// The suite's schemas rarely say which draft they are; `JSONSchema` picks the draft from
    /// `$schema`, so declare it on every schema object that does not.
    static func declaringDraft(_ schema: JSONValue, _ draft: String) -> JSONValue {
        guard case .object(let members) = schema, schema["$schema"] == nil else { return schema }
        let uri = "http://json-schema.org/draft-0\(draft.suffix(1))/schema#"
        return .object([JSONMember(key: "$schema", value: .string(uri))] + members)
    }

    static func run(draft: String) throws -> Outcome {
        let remotes = try loadRemotes()
        let directory = fixtures.appendingPathComponent("tests/\(draft)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
        var outcome = Outcome()
        for file in files {
            let groups = try JSONValue.parse(Data(contentsOf: directory.appendingPathComponent(file))).arrayValue ?? []
            for group in groups {
                let groupName = "\(file): \(group["description"]?.stringValue ?? "?")"
                let tests = group["tests"]?.arrayValue ?? []
                let schema: JSONSchema
                do {
                    schema = try JSONSchema(declaringDraft(group["schema"] ?? .null, draft), remotes: remotes)
                } catch {
                    for test in tests {
                        outcome.record(false, "\(groupName) / \(test["description"]?.stringValue ?? "?") [compile: \(error)]")
                    }
                    continue
                }
                for test in tests {
                    let data = test["data"] ?? .null
                    let expected = test["valid"]?.boolValue ?? false
                    let violations = schema.validate(data)
                    let ok = violations.isEmpty == expected && schema.isValid(data) == expected
                    outcome.record(ok, "\(groupName) / \(test["description"]?.stringValue ?? "?")")
                }
            }
        }
        return outcome
    }

    @Test(arguments: ["draft4", "draft6", "draft7"])
    func requiredTestsPass(draft: String) throws {
        let outcome = try Self.run(draft: draft)
        let rate = outcome.total == 0 ? 0 : Double(outcome.passed) / Double(outcome.total) * 100
        print("JSON-Schema-Test-Suite \(draft): \(outcome.passed)/\(outcome.total) passed (\(String(format: "%.2f", rate))%)")
        for name in outcome.failures.prefix(25) { print("  FAIL \(draft) \(name)") }
        if outcome.failures.count > 25 { print("  … and \(outcome.failures.count - 25) more") }
        #expect(outcome.total > 0)
        #expect(rate >= 98, "\(draft) pass rate \(rate)% is below 98%")
    }
}
