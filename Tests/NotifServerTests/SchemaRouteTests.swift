import NotifCore
import NotifTesting
import Testing

/// The schema registry routes (api-spec §5.10) with the reference's defects fixed.
@Suite(.timeLimit(.minutes(2))) struct SchemaRouteTests {
    static let orderSchema: JSONValue = [
        "type": "object",
        "required": ["amount"],
        "properties": ["amount": ["type": "number", "minimum": 0], "currency": ["type": "string"]],
    ]

    @Test func crudShapesAndErrors() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let http = tenant.http
        let created = try await http.post("/api/v1/schemas", json: [
            "name": "order-placed", "topic_pattern": "orders.placed", "description": "An order", "tags": ["orders"],
        ])
        #expect(created.status == 201, "\(created.text)")
        let schema = try #require(created.json)
        #expect(schema.members?.map(\.key) == ["id", "org_id", "project_id", "name", "topic_pattern", "description", "tags",
                                               "created_at", "updated_at"])
        let id = try #require(schema["id"]?.stringValue)
        #expect(id.hasPrefix("scm_") && id.count == 28, "schema ids do not share the schedules' sch_ prefix")
        #expect(schema["project_id"]?.stringValue == tenant.projectID)

        let duplicate = try await http.post("/api/v1/schemas", json: ["name": "order-placed", "topic_pattern": "x"])
        #expect(duplicate.status == 409 && duplicate.errorMessage == "schema order-placed already exists")
        #expect(try await http.post("/api/v1/schemas", json: ["topic_pattern": "x"]).errorMessage == "name is required")
        #expect(try await http.post("/api/v1/schemas", json: ["name": "n"]).errorMessage == "topic_pattern is required")
        #expect(try await http.post("/api/v1/schemas", json: ["name": "n", "topic_pattern": "a..b"]).status == 400)
        #expect(try await http.post("/api/v1/schemas", json: ["name": "a/b", "topic_pattern": "a"]).status == 400)
        #expect(try await http.send(.POST, "/api/v1/schemas", body: Array("{".utf8)).errorMessage == "invalid JSON")

        let version = try await http.post("/api/v1/schemas/order-placed/versions", json: [
            "version": "1.0.0", "schema": Self.orderSchema, "examples": [["amount": 5]],
        ])
        #expect(version.status == 201, "\(version.text)")
        let first = try #require(version.json)
        #expect(first["validation_mode"] == "strict" && first["on_invalid"] == "reject" && first["compatibility"] == "backward")
        #expect(first["is_latest"] == true && first["schema_id"]?.stringValue == id)
        #expect(first["id"]?.stringValue?.hasPrefix("schv_") == true && first["fingerprint"]?.stringValue?.count == 64)
        #expect(first["created_by"]?.stringValue == "api:\(tenant.keyID)")

        let listed = try #require(try await http.get("/api/v1/schemas").json)
        #expect(listed["count"] == 1 && listed["schemas"]?[0]?["latest_version"]?["version"] == "1.0.0")
        let fetched = try #require(try await http.get("/api/v1/schemas/order-placed").json)
        #expect(fetched["latest_version"]?["schema"] == Self.orderSchema)
        #expect(try await http.get("/api/v1/schemas/nope").status == 404)

        let updated = try await http.put("/api/v1/schemas/order-placed", json: ["topic_pattern": "orders.*", "description": "", "tags": []])
        #expect(updated.status == 200)
        #expect(updated.json?["topic_pattern"] == "orders.*" && updated.json?["description"] == "An order")
        #expect(updated.json?.members?.contains { $0.key == "tags" } == false, "[] clears the tags")
        #expect(try await http.put("/api/v1/schemas/nope", json: [:]).status == 404)
        #expect(try await http.put("/api/v1/schemas/order-placed", json: ["topic_pattern": "a.>.b"]).status == 400)

        #expect(try await http.delete("/api/v1/schemas/order-placed").json?["status"] == "deleted")
        #expect(try await http.get("/api/v1/schemas/order-placed").status == 404)
        #expect(try await http.delete("/api/v1/schemas/order-placed").status == 404)
    }

    @Test func versionsAreTransactionalAndChecked() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let http = tenant.http
        _ = try await http.post("/api/v1/schemas", json: ["name": "s", "topic_pattern": "s.>"])
        let path = "/api/v1/schemas/s/versions"
        #expect(try await http.post(path, json: ["schema": Self.orderSchema]).errorMessage == "version is required")
        #expect(try await http.post(path, json: ["version": "1"]).errorMessage == "schema is required")
        let badSchema = try await http.post(path, json: ["version": "1", "schema": ["type": 12]])
        #expect(badSchema.status == 400 && badSchema.errorMessage?.hasPrefix("invalid JSON Schema") == true)
        let badMode = try await http.post(path, json: ["version": "1", "schema": Self.orderSchema, "validation_mode": "loud"])
        #expect(badMode.errorMessage == "validation_mode must be strict, warn or disabled")
        let badAction = try await http.post(path, json: ["version": "1", "schema": Self.orderSchema, "on_invalid": "drop"])
        #expect(badAction.errorMessage == "on_invalid must be reject, log or dlq")
        let badCompatibility = try await http.post(path, json: ["version": "1", "schema": Self.orderSchema, "compatibility": "x"])
        #expect(badCompatibility.errorMessage == "compatibility must be backward, forward, full or none")
        let longVersion = try await http.post(path, json: ["version": .string(String(repeating: "9", count: 51)), "schema": true])
        #expect(longVersion.status == 400)
        let badExample = try await http.post(path, json: ["version": "1", "schema": Self.orderSchema, "examples": [["amount": "x"]]])
        #expect(badExample.status == 400 && badExample.errorMessage?.hasPrefix("example 0 does not match the schema") == true)

        #expect(try await http.post(path, json: ["version": "1.0.0", "schema": Self.orderSchema]).status == 201)
        // A duplicate version is refused (with "already exists", which the reference CLI tolerates on push)
        // and the schema keeps its latest version: the reference cleared it first and lost it.
        let duplicate = try await http.post(path, json: ["version": "1.0.0", "schema": Self.orderSchema])
        #expect(duplicate.status == 409 && duplicate.errorMessage == "version 1.0.0 already exists")
        #expect(try await http.get("/api/v1/schemas/s").json?["latest_version"]?["version"] == "1.0.0")

        let relaxed: JSONValue = ["type": "object", "properties": ["amount": ["type": "number"]]]
        #expect(try await http.post(path, json: ["version": "1.1.0", "schema": relaxed]).status == 201)
        let versions = try #require(try await http.get(path).json)
        #expect(versions["count"] == 2)
        #expect(versions["versions"]?.arrayValue?.map { $0["version"] } == ["1.1.0", "1.0.0"])
        #expect(versions["versions"]?.arrayValue?.map { $0["is_latest"] } == [true, false])
        #expect(try await http.get("\(path)/1.0.0").json?["schema"] == Self.orderSchema)
        #expect(try await http.get("\(path)/9.9.9").errorMessage == "version not found")
        #expect(try await http.get("/api/v1/schemas/zz/versions").errorMessage == "schema not found")
    }

    @Test func compatibilityIsEnforced() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let http = tenant.http
        _ = try await http.post("/api/v1/schemas", json: ["name": "c", "topic_pattern": "c"])
        let path = "/api/v1/schemas/c/versions"
        #expect(try await http.post(path, json: ["version": "1", "schema": Self.orderSchema, "examples": [["amount": 1, "currency": "EUR"]]]).status == 201)
        // Backward (the default): a new required property breaks readers of old data.
        let stricter: JSONValue = ["type": "object", "required": ["amount", "customer"],
                                   "properties": ["amount": ["type": "number"], "customer": ["type": "string"]]]
        let refused = try await http.post(path, json: ["version": "2", "schema": stricter])
        #expect(refused.status == 409, "\(refused.text)")
        #expect(refused.json?["compatibility"] == "backward" && refused.json?["previous_version"] == "1")
        #expect(refused.json?["problems"]?.arrayValue?.contains("(root): property customer is now required") == true)
        // The previous version's examples must still validate.
        let narrower: JSONValue = ["type": "object", "required": ["amount"],
                                   "properties": ["amount": ["type": "number"], "currency": ["enum": ["USD"]]]]
        let exampleBroken = try await http.post(path, json: ["version": "2", "schema": narrower])
        #expect(exampleBroken.status == 409)
        #expect(exampleBroken.json?["problems"]?.arrayValue?.contains { $0.stringValue?.contains("example 0 of version 1") == true } == true)
        // Adding an optional property is backward compatible; "none" skips the check.
        let grown: JSONValue = ["type": "object", "required": ["amount"],
                                "properties": ["amount": ["type": "number"], "note": ["type": "string"]]]
        #expect(try await http.post(path, json: ["version": "2", "schema": grown]).status == 201)
        #expect(try await http.post(path, json: ["version": "3", "schema": stricter, "compatibility": "none"]).status == 201)
        // Forward: the new version may not accept what the previous one refused.
        let anything: JSONValue = ["type": ["object", "string"]]
        let forward = try await http.post(path, json: ["version": "4", "schema": anything, "compatibility": "forward"])
        #expect(forward.status == 409)
        #expect(try await http.get("/api/v1/schemas/c").json?["latest_version"]?["version"] == "3")
    }

    @Test func forTopicUsesNATSSemanticsAndTheMostSpecificPattern() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let http = tenant.http
        for (name, pattern) in [("all-orders", "orders.>"), ("order-one-level", "orders.*"), ("order-created", "orders.created"),
                                ("any-created", "*.created"), ("under_score", "a_c")] {
            #expect(try await http.post("/api/v1/schemas", json: ["name": .string(name), "topic_pattern": .string(pattern)]).status == 201)
        }
        func resolved(_ topic: String) async throws -> String? {
            let response = try await http.get("/api/v1/schemas/for-topic/\(topic)")
            return response.status == 404 ? nil : response.json?["name"]?.stringValue
        }
        #expect(try await resolved("orders.created") == "order-created")
        #expect(try await resolved("orders.paid") == "order-one-level")
        #expect(try await resolved("orders.us.paid") == "all-orders", "* does not cross dots; > takes the rest")
        #expect(try await resolved("users.created") == "any-created")
        #expect(try await resolved("orders") == nil, "orders.> needs at least one more segment")
        #expect(try await resolved("abc") == nil, "_ is not a wildcard")
        #expect(try await http.get("/api/v1/schemas/for-topic/nothing.here").errorMessage == "no schema found for topic")
        #expect(try await http.get("/api/v1/schemas/for-topic/a.*").status == 400)
    }

    @Test func validateEndpoint() async throws {
        let tenant = try await TestEnvironment.shared.tenant()
        let http = tenant.http
        _ = try await http.post("/api/v1/schemas", json: ["name": "v", "topic_pattern": "v"])
        #expect(try await http.post("/api/v1/schemas/v/validate", json: ["data": [:]]).status == 409, "no version yet")
        _ = try await http.post("/api/v1/schemas/v/versions", json: ["version": "1.0.0", "schema": Self.orderSchema])
        let valid = try #require(try await http.post("/api/v1/schemas/v/validate", json: ["data": ["amount": 3]]).json)
        #expect(valid == ["valid": true, "schema": "v", "version": "1.0.0"])
        let invalid = try #require(try await http.post("/api/v1/schemas/v/validate", json: ["data": ["amount": -1, "currency": 4]]).json)
        #expect(invalid["valid"] == false)
        #expect(invalid["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue }.sorted() == ["amount", "currency"])
        #expect(try await http.post("/api/v1/schemas/v/validate", json: [:]).errorMessage == "data is required")
        #expect(try await http.post("/api/v1/schemas/nope/validate", json: ["data": 1]).status == 404)
    }

    @Test func schemasAreInvisibleToOtherProjects() async throws {
        let owner = try await TestEnvironment.shared.tenant()
        let sibling = try await TestEnvironment.shared.tenant(orgID: owner.orgID)
        _ = try await owner.http.post("/api/v1/schemas", json: ["name": "private", "topic_pattern": "p.x"])
        _ = try await owner.http.post("/api/v1/schemas/private/versions", json: ["version": "1", "schema": Self.orderSchema])
        #expect(try await sibling.http.get("/api/v1/schemas").json?["count"] == 0)
        #expect(try await sibling.http.get("/api/v1/schemas/private").status == 404)
        #expect(try await sibling.http.get("/api/v1/schemas/for-topic/p.x").status == 404)
        #expect(try await sibling.http.post("/api/v1/schemas/private/versions", json: ["version": "2", "schema": true]).status == 404)
        #expect(try await sibling.http.delete("/api/v1/schemas/private").status == 404)
        // The same name is free in the other project, and its events are not checked by the owner's schema.
        #expect(try await sibling.http.post("/api/v1/schemas", json: ["name": "private", "topic_pattern": "q"]).status == 201)
        #expect(try await sibling.http.post("/api/v1/emit", json: ["topic": "p.x", "data": "not an object"]).status == 200)
        #expect(try await owner.http.post("/api/v1/emit", json: ["topic": "p.x", "data": "not an object"]).status == 400)
    }
}
