/**
 * Reading manifests one document at a time (infra/manifests/stream.ts): the pieces parse to exactly the documents
 * the YAML reader finds in the whole text, wherever the chunks of the input end; errors name the file's line;
 * progress goes to standard error only when asked or on a terminal.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import * as YAML from "yaml";
import { parseManifests, readManifests } from "../../infra/manifests/read";
import { splitDocuments } from "../../infra/manifests/stream";
import { progressPrinter } from "../../infra/cli/progress";
import { CliError } from "../../infra/base/exit";
import { myriad, tempDir } from "../cli/run-cli";

const OPTS = { version: "1.1", uniqueKeys: true, merge: true } as const;

/** The documents of the whole text, as the YAML reader sees them. */
function whole(text: string): unknown[] {
    const docs = YAML.parseAllDocuments(text, OPTS);
    return (Array.isArray(docs) ? docs : [docs]).map((d) => d.toJS());
}

/** The documents of the pieces, each parsed on its own. */
function pieces(chunks: string[]): unknown[] {
    const out: unknown[] = [];
    for (const p of splitDocuments(chunks)) {
        const docs = YAML.parseAllDocuments(p.text, OPTS);
        out.push(...(Array.isArray(docs) ? docs : [docs]).map((d) => d.toJS()));
    }
    return out;
}

const STREAMS: [string, string][] = [
    ["one document", "a: 1\n"],
    ["two, separated", "a: 1\n---\nb: 2\n"],
    ["a leading marker", "---\na: 1\n---\nb: 2\n"],
    ["comments before the first marker (helm template)", "# Source: chart/templates/a.yaml\n---\na: 1\n---\n# Source: b.yaml\nb: 2\n"],
    ["an empty document in the middle", "a: 1\n---\n---\nb: 2\n"],
    ["a trailing empty document", "a: 1\n---\n# only a comment\n"],
    ["document end markers", "a: 1\n...\n# between\n---\nb: 2\n...\nc: 3\n"],
    ["a directive", "%YAML 1.1\n---\na: on\n"],
    ["content on the marker line", "--- # first\na: 1\n--- {b: 2}\n"],
    ["a block scalar holding dashes", "a: |\n  ---\n  ...\n  ---x\nb: 2\n---\nc: 3\n"],
    ["a line starting with dashes that is no marker", "a: 1\n---x: 2\n"],
    ["CRLF line ends", "a: 1\r\n---\r\nb: 2\r\n"],
    ["no final newline", "a: 1\n---\nb: 2"],
    ["JSON", '{"apiVersion": "v1", "kind": "List", "items": []}\n'],
    ["nothing", ""],
];

describe("splitDocuments: one piece per document, the same documents as the whole text", () => {
    test.each(STREAMS)("%s", (_, text) => {
        expect(pieces([text])).toEqual(whole(text));
    });

    test("a piece starts on its first line (comments before a marker stay with the document after it)", () => {
        const got = [...splitDocuments(["# head\n---\na: 1\n---\nb: 2\n...\nc: 3\n"])].map((p) => [p.line, p.text]);
        expect(got).toEqual([
            [1, "# head\n---\na: 1\n"],
            [4, "---\nb: 2\n...\n"],
            [7, "c: 3\n"],
        ]);
    });

    test("wherever the chunks of the input end (inside a line, a marker, a character)", () => {
        fc.assert(
            fc.property(fc.constantFrom(...STREAMS.map(([, t]) => t)), fc.array(fc.nat(60), { maxLength: 8 }), (text, cuts) => {
                const at = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((a, b) => a - b);
                const chunks = [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length));
                expect(pieces(chunks)).toEqual(whole(text));
            }),
        );
    });
});

describe("readManifests streams files", () => {
    const t = tempDir("myriad-stream-");
    afterAll(() => t.cleanup());
    const cm = (n: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${n}\ndata:\n  k: "${"x".repeat(1000)}"\n`;

    test("a file larger than one read: every object, numbered as in the file, with progress to its size", () => {
        const n = 1200; // about 1.3 MB: more than one 1 MiB read
        const text = Array.from({ length: n }, (_, i) => cm(i)).join("---\n");
        const file = path.join(t.dir, "many.yaml");
        fs.writeFileSync(file, text);
        const seen: number[] = [];
        const read = readManifests([file], t.dir, { progress: (p) => seen.push(p.bytes) });
        expect(read).toHaveLength(n);
        expect(read[n - 1]).toMatchObject({ document: n, object: { metadata: { name: `c${n - 1}` } } });
        expect(seen.length).toBeGreaterThan(1);
        expect(seen[seen.length - 1]).toBe(Buffer.byteLength(text));
    });

    test("standard input in chunks, as the same objects as the whole text", () => {
        const text = `${cm(1)}---\n${cm(2)}`;
        const read = readManifests(["-"], t.dir, { stdin: () => [text.slice(0, 7), text.slice(7, 80), text.slice(80)] });
        expect(read.map((r) => [r.object.metadata.name, r.document, r.file])).toEqual([
            ["c1", 1, "-"],
            ["c2", 2, "-"],
        ]);
    });

    test("a syntax error names the document and the line of the file, not of the piece", () => {
        const text = `${cm(1)}---\n${cm(2)}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  name: y\n`;
        const e = (() => {
            try {
                parseManifests(text, "f.yaml");
            } catch (err) {
                return err as CliError;
            }
            throw new Error("no error");
        })();
        expect(e).toBeInstanceOf(CliError);
        expect(e.message).toContain("cannot parse f.yaml document 3");
        const line = text.split("\n").indexOf("  name: y") + 1;
        expect(e.message).toMatch(new RegExp(`at line ${line}, column`));
    });
});

describe("progress printer", () => {
    const capture = () => {
        const err: string[] = [];
        return { io: { out: () => undefined, err: (s: string) => void err.push(s) }, err };
    };

    test("off unless asked for or on a terminal", () => {
        expect(progressPrinter(false, false, capture().io)).toBeUndefined();
    });

    test("--progress: one line per step, updates of a step at most every two seconds", () => {
        const c = capture();
        let now = 0;
        const p = progressPrinter(true, false, c.io, () => now)!;
        p.say("reading a.yaml: 1.0 MB");
        now = 500;
        p.say("reading a.yaml: 2.0 MB");
        now = 2500;
        p.say("reading a.yaml: 3.0 MB");
        now = 2600;
        p.say("judging 10 objects with 17 policies");
        p.done();
        expect(c.err).toEqual(["reading a.yaml: 1.0 MB\n", "reading a.yaml: 3.0 MB\n", "judging 10 objects with 17 policies\n"]);
    });

    test("a terminal: the line is rewritten in place and cleared at the end", () => {
        const c = capture();
        const p = progressPrinter(false, true, c.io, () => 0)!;
        p.say("reading -: 1.0 MB");
        p.done();
        expect(c.err).toEqual(["\rreading -: 1.0 MB\x1b[K", "\r\x1b[K"]);
    });

    test("myriad check --manifests --progress: progress on stderr, the report alone on stdout", () => {
        const t = tempDir("myriad-progress-");
        try {
            const file = path.join(t.dir, "cm.yaml");
            fs.writeFileSync(file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
            const r = myriad(["check", "--manifests", file, "--progress", "--format", "json"]);
            expect(r.stderr).toMatch(/^reading .*cm\.yaml: 0\.0 of 0\.0 MB\njudging 1 objects with \d+ policies\n$/);
            expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
            expect(myriad(["check", "--manifests", file, "--format", "json"]).stderr).toBe("");
        } finally {
            t.cleanup();
        }
    });
});
