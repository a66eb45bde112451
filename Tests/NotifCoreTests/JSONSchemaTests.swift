import Foundation
import Testing
import NotifCore

@Suite struct JSONSchemaTests {
    private func schema(_ text: String, remotes: [String: JSONValue] = [:]) throws -> JSONSchema {
        try JSONSchema(try JSONValue.parse(text), remotes: remotes)
    }

    private func violations(_ schemaText: String, _ instanceText: String) throws -> [JSONSchemaViolation] {
        try schema(schemaText).validate(try JSONValue.parse(instanceText))
    }

    // MARK: Violation shape

    @Test func missingRequiredPropertyIsReportedOnTheObject() throws {
        let result = try violations(#"{"type": "object", "required": ["name", "age"]}"#, #"{"age": 3}"#)
        #expect(result == [JSONSchemaViolation(field: "(root)", message: "name is required", type: "required")])
    }

    @Test func nestedTypeErrorUsesDottedPath() throws {
        let schemaText = #"""
        {"properties": {"address": {"type": "object", "properties": {"city": {"type": "string"}}}}}
        """#
        let result = try violations(schemaText, #"{"address": {"city": 12}}"#)
        #expect(result == [JSONSchemaViolation(
            field: "address.city", message: "Invalid type. Expected: string, given: integer", type: "invalid_type")])
    }

    @Test func arrayItemsAppearAsIndicesInThePath() throws {
        let schemaText = #"""
        {"properties": {"items": {"type": "array", "items": {"required": ["name"], "properties": {"name": {"minLength": 2}}}}}}
        """#
        let result = try violations(schemaText, #"{"items": [{"name": "ok"}, {"name": "x"}, {}]}"#)
        #expect(result == [
            JSONSchemaViolation(field: "items.1.name", message: "String length must be greater than or equal to 2", type: "string_gte"),
            JSONSchemaViolation(field: "items.2", message: "name is required", type: "required"),
        ])
    }

    @Test func typicalRuleIDsAndMessages() throws {
        let cases: [(schema: String, instance: String, field: String, type: String, message: String)] = [
            (#"{"enum": ["a", "b"]}"#, #""c""#, "(root)", "enum", #"(root) must be one of the following: "a", "b""#),
            (#"{"const": 1}"#, "2", "(root)", "const", "(root) does not match: 1"),
            (#"{"maximum": 3}"#, "4", "(root)", "number_lte", "Must be less than or equal to 3"),
            (#"{"exclusiveMinimum": 3}"#, "3", "(root)", "number_gt", "Must be greater than 3"),
            (#"{"multipleOf": 0.5}"#, "0.7", "(root)", "multiple_of", "Must be a multiple of 0.5"),
            (#"{"pattern": "^a"}"#, #""ba""#, "(root)", "pattern", "Does not match pattern '^a'"),
            (#"{"format": "email"}"#, #""nope""#, "(root)", "format", "Does not match format 'email'"),
            (#"{"maxItems": 1}"#, "[1, 2]", "(root)", "array_max_items", "Array must have at most 1 items"),
            (#"{"uniqueItems": true}"#, #"[1, {"a": 1}, 1.0]"#, "(root)", "unique", "array items[0,2] must be unique"),
            (#"{"contains": {"type": "string"}}"#, "[1]", "(root)", "contains", "At least one of the items must match"),
            (#"{"minProperties": 2}"#, #"{"a": 1}"#, "(root)", "array_min_properties", "Must have at least 2 properties"),
            (#"{"not": {"type": "string"}}"#, #""s""#, "(root)", "number_not", "Must not validate the schema (not)"),
            (#"{"dependencies": {"a": ["b"]}}"#, #"{"a": 1}"#, "(root)", "missing_dependency", "Has a dependency on b"),
            (#"{"propertyNames": {"maxLength": 2}}"#, #"{"abc": 1}"#, "(root)", "invalid_property_name", #"Property name of "abc" does not match"#),
            (#"{"properties": {"a": false}}"#, #"{"a": 1}"#, "a", "false", "False always fails validation"),
        ]
        for item in cases {
            let result = try violations(item.schema, item.instance)
            #expect(result == [JSONSchemaViolation(field: item.field, message: item.message, type: item.type)], "\(item.schema)")
        }
    }

    @Test func additionalPropertiesAreReportedOnTheObject() throws {
        let result = try violations(#"{"properties": {"a": {}}, "additionalProperties": false}"#, #"{"a": 1, "b": 2}"#)
        #expect(result == [JSONSchemaViolation(field: "(root)", message: "Additional property b is not allowed", type: "additional_property_not_allowed")])
    }

    @Test func anyOfReportsTheClosestBranch() throws {
        let schemaText = #"{"anyOf": [{"type": "string"}, {"type": "object", "required": ["id"]}]}"#
        let result = try violations(schemaText, #"{"name": "x"}"#)
        #expect(result.map(\.type) == ["number_any_of", "required"])
        #expect(result.first?.message == "Must validate at least one schema (anyOf)")
    }

    @Test func ifThenElseReportsTheBranch() throws {
        let schemaText = #"{"if": {"properties": {"kind": {"const": "a"}}}, "then": {"required": ["x"]}, "else": {"required": ["y"]}}"#
        #expect(try violations(schemaText, #"{"kind": "a"}"#).map(\.type) == ["condition_then", "required"])
        #expect(try violations(schemaText, #"{"kind": "b"}"#).map(\.type) == ["condition_else", "required"])
        #expect(try violations(schemaText, #"{"kind": "b", "y": 1}"#).isEmpty)
    }

    // MARK: Numbers and equality

    @Test func numbersCompareExactly() throws {
        #expect(try schema(#"{"multipleOf": 0.0001}"#).isValid(try JSONValue.parse("0.0075")))
        #expect(try !schema(#"{"multipleOf": 0.0001}"#).isValid(try JSONValue.parse("0.00751")))
        #expect(try !schema(#"{"multipleOf": 0.123456789}"#).isValid(try JSONValue.parse("1e308")))
        #expect(try schema(#"{"type": "integer"}"#).isValid(try JSONValue.parse("1.0")))
        #expect(try schema(#"{"maximum": 18446744073709551615}"#).isValid(try JSONValue.parse("18446744073709551614.99999")))
        #expect(try !schema(#"{"maximum": 18446744073709551615}"#).isValid(try JSONValue.parse("18446744073709551615.00001")))
        #expect(try schema(#"{"enum": [{"a": [1, 2.0]}]}"#).isValid(try JSONValue.parse(#"{"a": [1.0, 2e0]}"#)))
        #expect(try !schema(#"{"enum": [0]}"#).isValid(.bool(false)))
    }

    @Test func draft4FollowsItsOwnRules() throws {
        let draft4 = #"{"$schema": "http://json-schema.org/draft-04/schema#", "type": "integer", "maximum": 3, "exclusiveMaximum": true}"#
        #expect(try schema(draft4).isValid(2))
        #expect(try !schema(draft4).isValid(3))
        #expect(try !schema(draft4).isValid(try JSONValue.parse("1.0")))
        #expect(throws: JSONSchemaError.self) { try schema(#"{"$schema": "http://json-schema.org/draft-04/schema#", "items": true}"#) }
    }

    @Test func rawInstancesAreParsed() throws {
        let compiled = try schema(#"{"properties": {"n": {"type": "string"}}}"#)
        #expect(compiled.isValid(.raw(Array(#"{"n": "x"}"#.utf8))))
        #expect(compiled.validate(.object(["n": .raw(Array("1".utf8))])).map(\.field) == ["n"])
        #expect(compiled.validate(.raw(Array("{".utf8))).map(\.type) == ["invalid_json"])
    }

    // MARK: Invalid schemas

    @Test(arguments: [
        #"{"type": 12}"#,
        #"{"type": "text"}"#,
        #"{"minLength": -1}"#,
        #"{"maxItems": 1.5}"#,
        #"{"multipleOf": 0}"#,
        #"{"pattern": "("}"#,
        #"{"items": 5}"#,
        #"{"properties": {"a": "string"}}"#,
        #"{"required": "a"}"#,
        #"{"allOf": []}"#,
        ##"{"$ref": "#/definitions/missing"}"##,
        #"{"$ref": "http://example.com/elsewhere.json"}"#,
        ##"{"$ref": "#nowhere"}"##,
        #"{"definitions": {"bad": {"minimum": "1"}}}"#,
        "12",
    ])
    func invalidSchemasThrow(text: String) throws {
        #expect(throws: JSONSchemaError.self) { try schema(text) }
    }

    @Test func errorsSayWhere() throws {
        let error = #expect(throws: JSONSchemaError.self) { try schema(#"{"properties": {"a": {"minLength": -1}}}"#) }
        #expect(error?.description == "invalid JSON Schema: #/properties/a: minLength must be a non-negative integer")
    }

    // MARK: References

    @Test func referencesResolveLocallyAndToRemotes() throws {
        let remotes: [String: JSONValue] = ["http://example.com/defs.json": try JSONValue.parse(#"{"definitions": {"id": {"type": "integer"}}}"#)]
        let compiled = try schema(#"""
        {"$id": "http://example.com/root.json",
         "properties": {"id": {"$ref": "defs.json#/definitions/id"}, "self": {"$ref": "#"}, "tag": {"$ref": "#tag"}},
         "definitions": {"t": {"$id": "#tag", "type": "string"}}}
        """#, remotes: remotes)
        #expect(compiled.isValid(try JSONValue.parse(#"{"id": 1, "self": {"id": 2}, "tag": "x"}"#)))
        #expect(compiled.validate(try JSONValue.parse(#"{"self": {"id": "x"}, "tag": 1}"#)).map(\.field) == ["self.id", "tag"])
    }

    @Test func metaSchemasAreBuiltIn() throws {
        let meta = try schema(#"{"$ref": "http://json-schema.org/draft-07/schema#"}"#)
        #expect(meta.isValid(try JSONValue.parse(#"{"type": "string", "minLength": 1}"#)))
        #expect(!meta.isValid(try JSONValue.parse(#"{"type": 12}"#)))
    }

    @Test func cyclicReferencesTerminate() throws {
        let selfLoop = try schema(##"{"$ref": "#"}"##)
        #expect(selfLoop.validate(1).map(\.type) == ["ref_cycle"])
        let mutual = try schema(##"{"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"allOf": [{"$ref": "#/definitions/a"}]}}, "$ref": "#/definitions/a"}"##)
        #expect(mutual.validate("x").contains { $0.type == "ref_cycle" })
        #expect(!mutual.isValid("x"))
        // A loop hidden behind `not` must not turn into "valid".
        let negated = try schema(##"{"not": {"$ref": "#"}}"##)
        #expect(!negated.isValid(1))
        // Recursion that moves through the instance is fine.
        let tree = try schema(##"{"properties": {"children": {"items": {"$ref": "#"}}, "v": {"type": "integer"}}}"##)
        #expect(tree.isValid(try JSONValue.parse(#"{"v": 1, "children": [{"v": 2, "children": [{"v": 3}]}]}"#)))
        #expect(tree.validate(try JSONValue.parse(#"{"children": [{"children": [{"v": "x"}]}]}"#)).map(\.field) == ["children.0.children.0.v"])
    }

    // MARK: Limits

    @Test func veryDeepInstancesDoNotCrash() throws {
        var deep: JSONValue = 1
        for _ in 0..<10_000 { deep = .array([deep]) }
        #expect(try schema(#"{"type": "array"}"#).isValid(deep))
        let recursive = try schema(##"{"items": {"$ref": "#"}}"##)
        let result = recursive.validate(deep)
        #expect(result.contains { $0.type == "depth" })
        #expect(!recursive.isValid(deep))
        #expect(try schema(#"{"uniqueItems": true}"#).validate(.array([deep, deep])).map(\.type) == ["unique"])
        #expect(try !schema(#"{"const": [1]}"#).isValid(deep))
    }

    @Test func compiledSchemasAreShareableAcrossTasks() async throws {
        let compiled = try schema(#"{"type": "object", "required": ["id"]}"#)
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask { compiled.isValid(index.isMultiple(of: 2) ? ["id": 1] : [:]) }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 4)
    }
}
