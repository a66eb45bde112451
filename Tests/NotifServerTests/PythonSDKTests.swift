import Foundation
import NotifCore
import NotifTesting
import Testing

/// The official Python SDK (`pip install notifsh`) must accept our responses unchanged.
/// The virtualenv is cached in `.build/python-sdk-venv`; creating it needs PyPI.
@Suite struct PythonSDKTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func officialPythonSDKEmitsAgainstNotifd() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let python = try await PythonEnvironment.ensure(at: Self.root.appending(path: ".build/python-sdk-venv"),
                                                        packages: ["notifsh==0.2.1"], probe: "import notifsh")
        let result = try await TestProgram.run(python, [Self.root.appending(path: "Tests/python/sdk_emit.py").path],
                                               environment: ["NOTIF_SERVER": tenant.http.baseURL, "NOTIF_API_KEY": tenant.apiKey])
        #expect(result.status == 0, "\(result)")
        let output = try JSONValue.parse(result.lines.last ?? "")
        let emitted = try #require(output["emit"])
        let id = try #require(emitted["id"]?.stringValue)
        #expect(id.hasPrefix("evt_"))
        #expect(emitted["topic"]?.stringValue == "sdk.python")
        #expect(output["bad_topic"]?["status"] == 400)
        #expect(output["bad_topic"]?["text"]?.stringValue?.contains("topic cannot start with $") == true)
        #expect(output["too_large"]?["status"] == 413)
        #expect(output["auth_error"]?.stringValue?.contains("authentication error") == true)

        let stored = try #require(try await tenant.http.get("/api/v1/events?topic=sdk.python").json)
        let event = try #require(stored["events"]?.arrayValue?.first?["event"])
        #expect(event["id"]?.stringValue == id)
        #expect(event["data"] == ["hello": "world", "n": 1, "nested": ["ok": true]])
    }
}

extension PythonSDKTests {
    @Test(.timeLimit(.minutes(3))) func officialPythonSDKSubscribesAcksAndSchedules() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let python = try await PythonEnvironment.ensure(at: Self.root.appending(path: ".build/python-sdk-venv"),
                                                        packages: ["notifsh==0.2.1"], probe: "import notifsh")
        let result = try await TestProgram.run(python, [Self.root.appending(path: "Tests/python/sdk_delivery.py").path],
                                               environment: ["NOTIF_SERVER": tenant.http.baseURL, "NOTIF_API_KEY": tenant.apiKey])
        #expect(result.status == 0, "\(result)")
        let output = try JSONValue.parse(result.lines.last ?? "")
        let auto = try #require(output["auto"])
        #expect(auto["got"] == auto["sent"] && auto["topic"] == "py.auto.one" && auto["data"] == ["n": 1] && auto["attempt"] == 1)
        let manual = try #require(output["manual"])
        #expect(manual["attempts"] == [1, 2, 3, 4, 5])
        #expect(output["dlq"]?.arrayValue?.contains(manual["first"] ?? .null) == true)
        let groups = try #require(output["groups"])
        func strings(_ value: JSONValue?) -> [String] { value?.arrayValue?.compactMap(\.stringValue) ?? [] }
        let ids = Set(strings(groups["ids"]))
        #expect(ids.count == 6)
        #expect(Set(strings(groups["b"])) == ids)
        #expect(strings(groups["a"]).count == 6 && Set(strings(groups["a"])) == ids)
        #expect(output["beginning"] == auto["sent"])
        let schedules = try #require(output["schedules"])
        #expect(schedules["listed"] == 2 && schedules["total"] == 2 && schedules["fetched"] == true)
        #expect(schedules["cancelled"] == "cancelled")
        #expect(strings(schedules["fired"]).contains(schedules["ran_event"]?.stringValue ?? "-"))
        #expect(schedules["fired"]?.arrayValue?.count == 2)
    }
}
