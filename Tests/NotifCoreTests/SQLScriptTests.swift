@testable import NotifCore
import Testing

@Suite struct SQLScriptTests {
    @Test func splitsOnTopLevelSemicolonsOnly() {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE a (v TEXT DEFAULT 'x;y');
            /* block; comment */ INSERT INTO a VALUES ('it''s; fine');
            CREATE FUNCTION f() RETURNS INT AS $body$ SELECT 1; $body$ LANGUAGE sql;
            SELECT "odd;name" FROM a
            """
        let statements = SQLScript.statements(script)
        #expect(statements.count == 4)
        #expect(statements[0].hasSuffix("DEFAULT 'x;y')"))
        #expect(statements[1].contains("'it''s; fine'"))
        #expect(statements[2].contains("$body$ SELECT 1; $body$"))
        #expect(statements[3] == #"SELECT "odd;name" FROM a"#)
    }

    @Test func ignoresEmptyAndCommentOnlyStatements() {
        #expect(SQLScript.statements(";;\n-- only a comment\n;").isEmpty)
        #expect(SQLScript.statements("SELECT 1") == ["SELECT 1"])
    }
}
