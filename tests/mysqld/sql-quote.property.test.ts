/**
 * No field of a declared account can inject SQL: for any name, host, schema, table and password, the statements
 * Myriad writes read back (with a tokenizer of the server's literal and identifier rules, backslash escapes on)
 * as the same statement skeleton with exactly those values in the literal and identifier slots.
 */
import fc from "fast-check";
import { accountStatements, rotationSteps } from "../../components/mysqld/account-sql";
import { sqlIdentifier, sqlString } from "../../components/mysqld/sql-quote";
import type { AccountSpec } from "../../components/spec/accounts";

type Token = { kind: "string" | "ident" | "word"; text: string };

const ESCAPES: Record<string, string> = { "0": "\0", n: "\n", r: "\r", t: "\t", b: "\b", Z: "\x1a" };

/** Splits a statement as the server's lexer does for quoted strings and quoted identifiers. */
function tokenize(sql: string): Token[] {
    const out: Token[] = [];
    let i = 0;
    while (i < sql.length) {
        const c = sql[i];
        if (/\s/.test(c)) {
            i++;
        } else if (c === "'" || c === "`") {
            let text = "";
            i++;
            for (;;) {
                if (i >= sql.length) throw new Error(`unterminated ${c} in ${JSON.stringify(sql)}`);
                const d = sql[i];
                if (c === "'" && d === "\\") {
                    const e = sql[i + 1];
                    text += ESCAPES[e] ?? e;
                    i += 2;
                } else if (d === c && sql[i + 1] === c) {
                    text += c;
                    i += 2;
                } else if (d === c) {
                    i++;
                    break;
                } else {
                    text += d;
                    i++;
                }
            }
            out.push({ kind: c === "'" ? "string" : "ident", text });
        } else if (/[A-Za-z0-9_]/.test(c)) {
            let text = "";
            while (i < sql.length && /[A-Za-z0-9_]/.test(sql[i])) text += sql[i++];
            out.push({ kind: "word", text });
        } else {
            out.push({ kind: "word", text: c });
            i++;
        }
    }
    return out;
}

/** Any string, including quotes, backslashes, back-quotes, NUL, comment and statement separators. */
const nasty = fc.string({ unit: fc.constantFrom("'", "\\", "`", '"', "\0", ";", "-", "#", "/", "*", " ", "\n", "a", "Z", "%", "é") });
const text = fc.oneof(nasty, fc.string(), fc.string({ unit: "binary" }));

describe("SQL quoting", () => {
    test("a quoted string reads back as exactly its value, as one token", () => {
        fc.assert(
            fc.property(text, (s) => {
                expect(tokenize(sqlString(s))).toEqual([{ kind: "string", text: s }]);
            }),
            { numRuns: 300 },
        );
    });

    test("a quoted identifier reads back as exactly its name, as one token", () => {
        fc.assert(
            fc.property(text, (s) => {
                fc.pre(!s.includes("\0"));
                expect(tokenize(sqlIdentifier(s))).toEqual([{ kind: "ident", text: s }]);
            }),
            { numRuns: 300 },
        );
        expect(() => sqlIdentifier("a\0b")).toThrow(/NUL/);
    });

    test("account statements keep their skeleton whatever the fields hold", () => {
        // `*` is the wildcard level, written bare on purpose; any other schema or table name is an identifier.
        const noNul = text.filter((s) => !s.includes("\0") && s !== "*");
        fc.assert(
            fc.property(text, text, noNul, noNul, text, (name, host, database, table, password) => {
                const account: AccountSpec = { name, grants: [{ database, table, privileges: ["SELECT"] }] };
                const plain: AccountSpec = { name: "N", grants: [{ database: "D", table: "T", privileges: ["SELECT"] }] };
                const got = accountStatements(account, password, { host, requireTls: true });
                const skeleton = accountStatements(plain, "P", { host: "H", requireTls: true });
                const values: Record<string, string> = { N: name, H: host, D: database, T: table, P: password };
                got.forEach((statement, k) => {
                    const want = tokenize(skeleton[k]).map((t) => (t.kind === "word" ? t : { ...t, text: values[t.text] }));
                    expect(tokenize(statement)).toEqual(want);
                });
                for (const step of rotationSteps(account, { host, requireTls: false }, 0, 1, "mysql", "8.0.36"))
                    if (step.statement)
                        expect(
                            tokenize(step.statement)
                                .filter((t) => t.kind === "string")
                                .map((t) => t.text),
                        ).toEqual([name, host]);
            }),
            { numRuns: 150 },
        );
    });
});
