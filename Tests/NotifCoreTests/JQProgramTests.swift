import NotifCore
import Testing

/// The libjq wrapper: outputs, variables, truthiness and error messages.
struct JQProgramTests {
    @Test func runsFiltersAndBindsVariables() throws {
        let input: JSONValue = ["order": ["id": 7, "items": [1, 2, 3]], "status": "paid"]
        #expect(try JQProgram(".order.id").run(input) == [7])
        #expect(try JQProgram(".order.items[] | . * 2").run(input) == [2, 4, 6])
        #expect(try JQProgram("{id: .order.id, n: (.order.items | length)}").run(input) == [["id": 7, "n": 3]])
        let reply = try JQProgram(".request_id == $input.id", variables: ["input": ["id": "r-1"]])
        #expect(reply.matches(["request_id": "r-1"]))
        #expect(!reply.matches(["request_id": "r-2"]))
        #expect(try JQProgram("empty").run(input).isEmpty)
    }

    @Test func truthinessFollowsJQ() throws {
        #expect(try JQProgram(".status").matches(["status": "paid"]))
        #expect(try !JQProgram(".missing").matches(["status": "paid"]), "null does not match")
        #expect(try !JQProgram(".status == \"open\"").matches(["status": "paid"]))
        #expect(try !JQProgram("empty").matches(1), "no output does not match")
        #expect(try !JQProgram(".a.b").matches(["a": "text"]), "a runtime error does not match")
    }

    @Test func reportsCompileAndRuntimeErrors() throws {
        #expect(throws: JQProgram.Failure.self) { try JQProgram(".a |") }
        do {
            _ = try JQProgram(".a |")
        } catch let failure as JQProgram.Failure {
            #expect(failure.message.contains("syntax error"))
        }
        // jq's own wording (it differs between jq versions).
        let runtime = #expect(throws: JQProgram.Failure.self) { try JQProgram(".a.b").run(["a": "text"]) }
        #expect(runtime?.message.hasPrefix("jq: error: Cannot index string with") == true)
        // A program stays usable after a failing run.
        let program = try JQProgram(".a.b")
        _ = try? program.run(["a": "text"])
        #expect(try program.run(["a": ["b": true]]) == [true])
    }
}
