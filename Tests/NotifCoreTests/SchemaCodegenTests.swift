import Foundation
@testable import NotifCore
import NotifTesting
import Testing

@Suite struct SchemaCodegenTests {
    static let orderCreated = #"""
        {"description": "An order was placed.", "type": "object",
         "required": ["order_id", "status", "lines", "customer", "created_at", "self"],
         "properties": {
           "order_id": {"type": "string", "format": "uuid", "description": "Order identifier."},
           "status": {"type": "string", "enum": ["pending", "in-progress", "shipped"]},
           "created_at": {"type": "string", "format": "date-time"},
           "lines": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["sku", "quantity"],
             "properties": {"sku": {"type": "string", "pattern": "^[A-Z]{3}-\\d+$"},
                            "quantity": {"type": "integer", "minimum": 1}, "unit_price": {"type": "number", "exclusiveMinimum": 0}}}},
           "customer": {"$ref": "#/definitions/customer"},
           "default": {"type": "boolean"}, "class": {"type": ["string", "null"]}, "self": {"type": "integer"},
           "2fa-method": {"type": "string"},
           "payment": {"oneOf": [{"type": "string"}, {"$ref": "#/definitions/card"}]},
           "tags": {"type": "object", "additionalProperties": {"type": "string"}},
           "metadata": {},
           "extra": {"type": "object", "patternProperties": {"^x-": {"type": "string"}}}},
         "definitions": {
           "customer": {"type": "object", "required": ["email"], "properties": {"email": {"type": "string", "format": "email"},
             "website": {"type": "string", "format": "uri"}, "address": {"$ref": "#/definitions/address"}}},
           "address": {"type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"}}},
           "card": {"type": "object", "required": ["last4"], "properties": {"last4": {"type": "string", "minLength": 4, "maxLength": 4},
             "brand": {"enum": ["visa", "mastercard"]}}}}}
        """#

    static let categoryTree = #"""
        {"$ref": "#/definitions/node", "definitions": {"node": {"type": "object", "required": ["name"], "properties": {
          "name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/definitions/node"}},
          "parent": {"$ref": "#/definitions/node"}}}}}
        """#

    static let userSignup = #"""
        {"type": "object", "required": ["user_id", "plan"], "properties": {
          "user_id": {"type": "string"}, "plan": {"anyOf": [{"const": "free"}, {"const": "pro"}]},
          "age": {"type": "integer", "minimum": 0, "maximum": 150}, "score": {"type": ["number", "null"]},
          "level": {"enum": [1, 2, 3]}, "referrer": {"$ref": "#"},
          "profile": {"allOf": [{"$ref": "#/$defs/named"}, {"properties": {"bio": {"type": "string"}}}]},
          "id_or_name": {"type": ["string", "integer"]}},
         "$defs": {"named": {"type": "object", "required": ["display_name"], "properties": {"display_name": {"type": "string"}}}}}
        """#

    static let miscCorners = #"""
        {"description": "Odd corners.\nA second line with */ inside.", "type": "object", "required": ["kind"], "properties": {
          "kind": {"const": "misc"}, "maybe": {"oneOf": [{"$ref": "#/definitions/a"}, {"type": "null"}]},
          "merged": {"allOf": [{"$ref": "#/definitions/a"}, {"required": ["x"]}]},
          "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
          "tree": {"$ref": "#/definitions/tree"}, "expr": {"$ref": "#/definitions/expr"},
          "mode": {"enum": ["default", "a-b", "a_b", "", "self", null]}, "mixed": {"enum": [1, "one", true]}},
         "definitions": {"a": {"type": "object", "properties": {"x": {"type": "string"}}},
           "tree": {"type": "array", "items": {"$ref": "#/definitions/tree"}},
           "expr": {"anyOf": [{"type": "number"}, {"type": "object", "required": ["op", "args"], "properties": {"op": {"type": "string"},
             "args": {"type": "array", "items": {"$ref": "#/definitions/expr"}}, "left": {"$ref": "#/definitions/expr"}}}]}}}
        """#

    static func schemas() throws -> [CodegenSchema] {
        [
            CodegenSchema(name: "user_signup", topicPattern: "users.signup", schema: try JSONValue.parse(userSignup)),
            CodegenSchema(name: "order-created", version: "3", topicPattern: "orders.created", schema: try JSONValue.parse(orderCreated)),
            CodegenSchema(name: "category.tree", version: "1", schema: try JSONValue.parse(categoryTree)),
            CodegenSchema(name: "misc-corners", version: "10", topicPattern: "misc.>", schema: try JSONValue.parse(miscCorners)),
        ]
    }

    @Test func namesAreCasedEscapedAndMappedWithCodingKeys() throws {
        let pascal = ["order-created", "orders.created", "user_signup", "userID", "3ds-auth", "--"].map(CodegenNaming.pascalCase)
        #expect(pascal == ["OrderCreated", "OrdersCreated", "UserSignup", "UserID", "_3dsAuth", "Value"])
        let camel = ["order_id", "Order-ID", "URLPath", "2fa", "created at", "userId"].map(CodegenNaming.camelCase)
        #expect(camel == ["orderId", "orderID", "urlPath", "_2fa", "createdAt", "userId"])
        let swift = try SchemaCodegen.swift(Self.schemas())
        for line in ["public var `default`: Bool?", "public var `class`: String?", "`self` self_: Int,", "self.`self` = self_",
                     "case orderId = \"order_id\"", "case _2faMethod = \"2fa-method\"", "case `default`\n", "case aB2 = \"a_b\"",
                     "public enum OrderCreatedStatus: String, Codable, Sendable, CaseIterable {", "    case inProgress = \"in-progress\""] {
            #expect(swift.contains(line), "missing: \(line)")
        }
        #expect(!swift.contains("case name = "), "CodingKeys map only names that differ")
        let typeScript = try SchemaCodegen.typeScript(Self.schemas())
        #expect(typeScript.contains("  \"2fa-method\": z.string().optional(),\n  payment:"))
        #expect(typeScript.contains("  default: z.boolean().optional(),"))
        #expect(typeScript.contains("\"misc.>\": MiscCornersSchema,\n  \"orders.created\": OrderCreatedSchema,"))
    }

    @Test func clashingNamesGetSuffixesAndHelpersOnlyWhenUsed() throws {
        let schema = try JSONValue.parse(#"{"type": "object", "properties": {"user_id": {"type": "string"}, "userId": {"type": "integer"}}}"#)
        let swift = try SchemaCodegen.swift([CodegenSchema(name: "string", version: "2", schema: schema), CodegenSchema(name: "string", schema: schema)])
        #expect(swift.contains("public struct StringModel: Codable") && swift.contains("public struct StringV2: Codable"))
        #expect(swift.contains("    public var userId: String?\n    public var userId2: Int?\n"))
        #expect(swift.contains("case userId2 = \"userId\""))
        #expect(!swift.contains("JSONAny") && !swift.contains("Indirect"))
        #expect(!(try SchemaCodegen.typeScript([CodegenSchema(name: "x", schema: schema)])).contains("schemasByTopic"))
    }

    @Test func outputIsDeterministicWhateverTheInputOrder() throws {
        let schemas = try Self.schemas()
        let swift = try SchemaCodegen.swift(schemas), typeScript = try SchemaCodegen.typeScript(schemas)
        #expect(try SchemaCodegen.swift(schemas) == swift)
        #expect(try SchemaCodegen.swift(schemas.reversed()) == swift)
        #expect(try SchemaCodegen.typeScript(schemas.reversed()) == typeScript)
        #expect(SchemaCodegen.naturalOrder("2", "10") && !SchemaCodegen.naturalOrder("10", "9") && SchemaCodegen.naturalOrder("1.2", "1.10"))
    }

    @Test func unsupportedConstructsDegradeToUntypedWithAComment() throws {
        let schema = try JSONValue.parse(#"""
            {"type": "object", "required": ["a"], "properties": {"a": {"not": {"type": "string"}},
             "b": {"if": {"type": "string"}, "then": {"minLength": 1}}, "c": {"type": "array", "items": {"patternProperties": {"x": {}}}},
             "d": {"$ref": "https://example.com/x.json"}}}
            """#)
        let input = [CodegenSchema(name: "odd", schema: schema)]
        let swift = try SchemaCodegen.swift(input)
        #expect(swift.contains("    // Untyped (JSONAny): unsupported keyword: not\n    public var a: JSONAny\n"))
        #expect(swift.contains("    // Untyped (JSONAny): unsupported keyword: if\n    public var b: JSONAny?\n"))
        #expect(swift.contains("    // Untyped (JSONAny): unsupported keyword: patternProperties\n    public var c: [JSONAny]?\n"))
        #expect(swift.contains("    // Untyped (JSONAny): unsupported $ref https://example.com/x.json\n    public var d: JSONAny?\n"))
        #expect(swift.contains("public enum JSONAny: Codable, Sendable, Equatable {"))
        let typeScript = try SchemaCodegen.typeScript(input)
        #expect(typeScript.contains("  a: /* untyped: unsupported keyword: not */ z.unknown(),\n"))
        #expect(typeScript.contains("  c: z.array(/* untyped: unsupported keyword: patternProperties */ z.unknown()).optional(),\n"))
    }

    @Test func combinatorsAndCyclesShapeTheModel() throws {
        let schema = try JSONValue.parse(##"""
            {"type": "object", "properties": {"maybe": {"oneOf": [{"$ref": "#/definitions/a"}, {"type": "null"}]},
             "merged": {"allOf": [{"$ref": "#/definitions/a"}, {"required": ["x"], "properties": {"y": {"type": "integer"}}}]},
             "loop": {"$ref": "#/definitions/loop"}},
             "definitions": {"a": {"type": "object", "properties": {"x": {"type": "string"}}},
                             "loop": {"anyOf": [{"type": "string"}, {"$ref": "#/definitions/loop"}]}}}
            """##)
        let model = try SchemaCodegen.model([CodegenSchema(name: "combo", schema: schema)])
        let kinds = Dictionary(uniqueKeysWithValues: model.declarations.map { ($0.name, $0.kind) })
        guard case .object(let root)? = kinds["Combo"], case .object(let merged)? = kinds["ComboMerged"] else {
            Issue.record("unexpected declarations: \(kinds.keys.sorted())")
            return
        }
        #expect(root.properties.map(\.type) == [.nullable(.named("A")), .named("ComboMerged"), .named("Loop")])
        #expect(merged.properties.map { "\($0.jsonName) \($0.isRequired)" } == ["x true", "y false"])
        #expect(kinds["Loop"] == .union([.string(.init()), .untyped(note: "circular reference to Loop")]))
    }

    @Test func brokenSchemasThrowNamingTheSchemaAndPointer() throws {
        let dangling = try JSONValue.parse(##"{"properties": {"a~b/c": {"$ref": "#/definitions/nope"}}}"##)
        let expected = CodegenError(schema: "bad v2", pointer: "#/properties/a~0b~1c/$ref", message: "$ref #/definitions/nope does not resolve")
        #expect(throws: expected) { try SchemaCodegen.swift([CodegenSchema(name: "bad", version: "2", schema: dangling)]) }
        #expect(throws: CodegenError.self) { try SchemaCodegen.typeScript([CodegenSchema(name: "bad", schema: ["type": "text"])]) }
        #expect(throws: CodegenError.self) { try SchemaCodegen.swift([CodegenSchema(name: "bad name", schema: true)]) }
    }

    @Test func generatedSwiftCompilesAndRoundTrips() async throws {
        let directory = try CodegenToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SchemaCodegen.swift(Self.schemas()).write(to: directory.appending(path: "Generated.swift"), atomically: true, encoding: .utf8)
        try Self.swiftMain.write(to: directory.appending(path: "main.swift"), atomically: true, encoding: .utf8)
        let program = directory.appending(path: "prog").path
        let sources = ["Generated.swift", "main.swift"].map { directory.appending(path: $0).path }
        let compile = try await CodegenToolchain.run(["swiftc", "-swift-version", "6", "-warnings-as-errors", "-o", program] + sources)
        try #require(compile.status == 0, "swiftc failed:\n\(compile.stdout)\(compile.stderr)")
        let run = try await CodegenToolchain.run([program])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == Self.expectedOutput)
    }

    static let swiftMain = #"""
        import Foundation
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func roundTrip<T: Codable & Equatable>(_ type: T.Type, _ json: String) throws -> T {
            let value = try decoder.decode(T.self, from: Data(json.utf8))
            let again = try decoder.decode(T.self, from: encoder.encode(value))
            precondition(again == value, "round trip changed \(T.self)")
            return value
        }
        func rejects<T: Decodable>(_ type: T.Type, _ json: String) -> String {
            do { _ = try decoder.decode(T.self, from: Data(json.utf8)); return "accepted" }
            catch DecodingError.keyNotFound(let key, _) { return "missing \(key.stringValue)" }
            catch { return "rejected" }
        }
        let order = try roundTrip(OrderCreated.self, """
            {"order_id": "6f1c", "status": "in-progress", "created_at": "2024-05-01T10:00:00+02:00", "self": 7,
             "lines": [{"sku": "ABC-1", "quantity": 2, "unit_price": 9.5}], "default": true, "class": null, "2fa-method": "sms",
             "customer": {"email": "a@b.c", "address": {"city": "Oslo"}}, "payment": {"last4": "4242", "brand": "visa"},
             "tags": {"a": "b"}, "metadata": {"k": [1, null, "s"]}, "extra": {"x-a": "b"}}
            """)
        print("order", order.orderId, order.status, order.status.rawValue, order.createdAt, order.`self`, order.`default` ?? false)
        print("line", order.lines[0].sku, order.lines[0].quantity, order.lines[0].unitPrice ?? 0)
        print("other", order.`class` ?? "nil", order._2faMethod ?? "-", order.customer.address?.city ?? "-", order.tags ?? [:])
        if case .card(let card)? = order.payment { print("card", card.last4, card.brand?.rawValue ?? "-") }
        print("untyped", order.metadata == .object(["k": .array([.number(1), .null, .string("s")])]), order.extra == .object(["x-a": .string("b")]))
        print(rejects(OrderCreated.self, #"{"status": "pending"}"#), rejects(OrderCreatedStatus.self, #""lost""#))
        let tree = try roundTrip(CategoryTree.self, #"{"name": "root", "children": [{"name": "a", "parent": {"name": "root"}}]}"#)
        print("tree", tree.name, tree.children?[0].name ?? "-", tree.children?[0].parent?.name ?? "-", tree.parent == nil)
        let signup = try roundTrip(UserSignup.self, """
            {"user_id": "u1", "plan": "pro", "score": null, "level": 2, "referrer": {"user_id": "u0", "plan": "free"},
             "profile": {"display_name": "Ann", "bio": "hi"}, "id_or_name": 42}
            """)
        print("signup", signup.plan, signup.score == nil, signup.level ?? 0, signup.referrer?.userId ?? "-", signup.profile?.displayName ?? "-", signup.idOrName == .integer(42))
        var line = OrderCreatedLinesItem(sku: "XYZ-2", quantity: 1)
        line.unitPrice = 3
        var node = Node(name: "leaf")
        node.parent = Node(name: "up")
        print(String(decoding: try encoder.encode(line), as: UTF8.self), String(decoding: try encoder.encode(node), as: UTF8.self))
        print(UserSignupPlan.allCases.map(\.rawValue), rejects(UserSignupIdOrName.self, "true"))
        let misc = try roundTrip(MiscCorners.self, """
            {"kind": "misc", "maybe": null, "merged": {"x": "m"}, "counts": {"a": 1}, "tree": [[], [[]]],
             "expr": {"op": "+", "args": [1, {"op": "neg", "args": [2]}], "left": 3}, "mode": "a_b", "mixed": "one"}
            """)
        print("misc", misc.kind, misc.maybe == nil, misc.merged?.x ?? "-", misc.counts ?? [:], misc.tree?.value.count ?? 0, misc.tree?.value[1].value.count ?? 0)
        if case .option2(let call)? = misc.expr { print("expr", call.op, call.args.count, call.left == .number(3)) }
        print(misc.mode ?? .value, misc.mixed == .string("one"), MiscCornersMode.allCases.map(\.rawValue), rejects(MiscCorners.self, "{}"))
        """#

    static let expectedOutput = """
        order 6f1c inProgress in-progress 2024-05-01T10:00:00+02:00 7 true
        line ABC-1 2 9.5
        other nil sms Oslo ["a": "b"]
        card 4242 visa
        untyped true true
        missing order_id rejected
        tree root a root true
        signup pro true 2 u0 Ann true
        {"quantity":1,"sku":"XYZ-2","unit_price":3} {"name":"leaf","parent":{"name":"up"}}
        ["free", "pro"] rejected
        misc misc true m ["a": 1] 2 1
        expr + 2 true
        aB2 true ["default", "a-b", "a_b", "", "self"] missing kind

        """

    @Test func generatedTypeScriptIsSyntacticallyValid() async throws {
        let directory = try CodegenToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SchemaCodegen.typeScript(Self.schemas()).write(to: directory.appending(path: "generated.ts"), atomically: true, encoding: .utf8)
        try "export const broken = z.object({ a: 1 ;\n".write(to: directory.appending(path: "broken.ts"), atomically: true, encoding: .utf8)
        try CodegenToolchain.typeScriptSyntaxCheck.write(to: directory.appending(path: "check.js"), atomically: true, encoding: .utf8)
        try await CodegenToolchain.requireTypeScript()
        let check = { (file: String) in
            try await CodegenToolchain.run(["node", directory.appending(path: "check.js").path, directory.appending(path: file).path],
                                     environment: ["NODE_PATH": "/usr/share/nodejs"])
        }
        let generated = try await check("generated.ts")
        #expect(generated.status == 0, "generated TypeScript has syntax errors:\n\(generated.stdout)\(generated.stderr)")
        let broken = try await check("broken.ts")
        #expect(broken.status != 0 && broken.stdout.contains("broken.ts:1:"), "the syntax check let a broken file through")
    }

    /// Type-checks the generated module with `tsc --strict` against a minimal zod declaration stub,
    /// plus a usage file whose `@ts-expect-error` proves wrong values are rejected.
    @Test func generatedTypeScriptTypeChecksAgainstZodStub() async throws {
        let directory = try CodegenToolchain.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try SchemaCodegen.typeScript(Self.schemas()).write(to: directory.appending(path: "generated.ts"), atomically: true, encoding: .utf8)
        try CodegenToolchain.zodStub.write(to: directory.appending(path: "zod.d.ts"), atomically: true, encoding: .utf8)
        try Self.typeScriptUsage.write(to: directory.appending(path: "usage.ts"), atomically: true, encoding: .utf8)
        try await CodegenToolchain.requireTypeScript()
        let tsc = { (files: [String]) in
            try await CodegenToolchain.run(["tsc", "--noEmit", "--strict", "--target", "es2020", "--moduleResolution", "node"]
                + files.map { directory.appending(path: $0).path })
        }
        let result = try await tsc(["generated.ts", "zod.d.ts", "usage.ts"])
        #expect(result.status == 0, "tsc rejected the generated module:\n\(result.stdout)\(result.stderr)")
        try Self.typeScriptUsage.replacingOccurrences(of: "\"pro\"", with: "\"gold\"")
            .write(to: directory.appending(path: "usage.ts"), atomically: true, encoding: .utf8)
        let wrong = try await tsc(["generated.ts", "zod.d.ts", "usage.ts"])
        #expect(wrong.status != 0, "tsc accepted a wrong enum value")
    }

    static let typeScriptUsage = """
        import { CategoryTree, OrderCreated, UserSignup, schemasByTopic } from "./generated";
        const signup: UserSignup = { user_id: "u", plan: "pro", referrer: { user_id: "v", plan: "free" }, level: 2 };
        const tree: CategoryTree = { name: "r", children: [{ name: "c", parent: { name: "r" } }] };
        // @ts-expect-error status must be one of the enum values
        const status: OrderCreated["status"] = "lost";
        const payment: OrderCreated["payment"] = { last4: "4242", brand: "visa" };
        void [signup, tree, status, payment, schemasByTopic["users.signup"]];

        """
}

/// Runs external tools (swiftc, node, tsc) for the compile checks.
private enum CodegenToolchain {
    struct Outcome { var status: Int32; var stdout: String; var stderr: String }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "notif-codegen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `arguments` through `/usr/bin/env` (see `TestProgram`: no blocked threads, no missed exits).
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Outcome {
        let result = try await TestProgram.run(arguments[0], Array(arguments.dropFirst()), environment: environment)
        return Outcome(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// Fails (never skips) when node, the typescript package or tsc is missing.
    static func requireTypeScript() async throws {
        let probe = try await run(["node", "-e", "require('typescript')"], environment: ["NODE_PATH": "/usr/share/nodejs"])
        let tsc = try await run(["tsc", "--version"])
        try #require(probe.status == 0 && tsc.status == 0,
                     "node 20 and node-typescript are required: run scripts/install-deps.sh\n\(probe.stderr)\(tsc.stderr)")
    }

    /// Just enough of zod's API, as declarations, for `tsc` to infer the generated types.
    static let zodStub = """
        declare module "zod" {
          interface Schema<Output> {
            readonly _output: Output;
            optional(): Schema<Output | undefined>;
            nullable(): Schema<Output | null>;
          }
          interface StringSchema extends Schema<string> {
            min(length: number): StringSchema; max(length: number): StringSchema; regex(pattern: RegExp): StringSchema;
            email(): StringSchema; uuid(): StringSchema; url(): StringSchema; datetime(options?: { offset?: boolean }): StringSchema;
          }
          interface NumberSchema extends Schema<number> {
            int(): NumberSchema; gte(value: number): NumberSchema; lte(value: number): NumberSchema;
            gt(value: number): NumberSchema; lt(value: number): NumberSchema; multipleOf(value: number): NumberSchema;
          }
          interface ArraySchema<Element extends Schema<unknown>> extends Schema<Array<Element["_output"]>> {
            min(length: number): ArraySchema<Element>; max(length: number): ArraySchema<Element>;
          }
          type Shape = { [key: string]: Schema<unknown> };
          type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends S[K]["_output"] ? K : never }[keyof S];
          type Flatten<T> = { [K in keyof T]: T[K] };
          type ObjectOutput<S extends Shape> =
            Flatten<{ [K in Exclude<keyof S, OptionalKeys<S>>]: S[K]["_output"] } & { [K in OptionalKeys<S>]?: S[K]["_output"] }>;
          interface ObjectSchema<S extends Shape> extends Schema<ObjectOutput<S>> { strict(): ObjectSchema<S>; }
          interface Api {
            string(): StringSchema;
            number(): NumberSchema;
            boolean(): Schema<boolean>;
            null(): Schema<null>;
            unknown(): Schema<unknown>;
            literal<T extends string | number | boolean | null>(value: T): Schema<T>;
            enum<U extends string, T extends [U, ...U[]]>(values: T): Schema<T[number]>;
            union<T extends [Schema<unknown>, Schema<unknown>, ...Schema<unknown>[]]>(options: T): Schema<T[number]["_output"]>;
            array<T extends Schema<unknown>>(element: T): ArraySchema<T>;
            record<V extends Schema<unknown>>(key: StringSchema, value: V): Schema<Record<string, V["_output"]>>;
            object<S extends Shape>(shape: S): ObjectSchema<S>;
            lazy<T extends Schema<unknown>>(getter: () => T): T;
          }
          export const z: Api;
          export namespace z {
            type ZodType<Output> = Schema<Output>;
            type infer<T extends Schema<unknown>> = T["_output"];
          }
        }
        """

    /// Prints each parse diagnostic as `file:line:column: message`; exits 1 when there are any.
    static let typeScriptSyntaxCheck = """
        const ts = require("typescript");
        const fs = require("fs");
        const file = process.argv[2];
        const text = fs.readFileSync(file, "utf8");
        const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
        const diagnostics = source.parseDiagnostics
          ?? ts.transpileModule(text, { fileName: file, reportDiagnostics: true }).diagnostics ?? [];
        for (const diagnostic of diagnostics) {
          const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
          console.log(`${file.split("/").pop()}:${line + 1}:${character + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\\n")}`);
        }
        process.exit(diagnostics.length > 0 ? 1 : 0);
        """
}
