/**
 * A corpus of realistic mistakes, each run through the built CLI as a user runs it: the exit code it must end
 * with, the path (a configuration key, a field path, a file or an option) its message must name, and, with
 * `--format json`, the one error document `{"errors":[{"path","value","message","fix"}]}` on stdout. No case
 * may end in an internal error (exit 70) or print a stack trace.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { myriad, tempDir } from "./run-cli";

const t = tempDir("myriad-mistakes-");
afterAll(() => t.cleanup());

/** Writes `text` to a file of the corpus directory and returns its path. */
function file(name: string, text: string): string {
    const f = path.join(t.dir, name);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
    return f;
}

const CLUSTER = `    - name: orders
      templates:
        - { name: main, image: "mysql:8.0.40", replicas: 1 }
`;
const stackFile = (extra: string, clusters = CLUSTER) => `config:\n${extra}  myriad:clusters:\n${clusters}`;

interface Mistake {
    /** What the user did. */
    what: string;
    args: () => string[];
    code: number;
    /** The path the output must name. */
    names: string;
}

const protectMaybe = () => file("protect-maybe.yaml", stackFile("  myriad:protect: maybe\n"));
const aFile = () => file("a-file", "not a directory\n");

const MISTAKES: Mistake[] = [
    { what: "myriad:protect: maybe (plan)", args: () => ["plan", "--config", protectMaybe()], code: 2, names: "myriad:protect" },
    {
        what: "myriad:protect: maybe (render)",
        args: () => ["render", "--config", protectMaybe(), "--out", path.join(t.dir, "o1")],
        code: 2,
        names: "myriad:protect",
    },
    { what: "myriad:protect: maybe (check)", args: () => ["check", "--config", protectMaybe()], code: 2, names: "myriad:protect" },
    {
        what: "a misspelt stack key",
        args: () => ["plan", "--config", file("protected.yaml", stackFile("  myriad:protected: false\n"))],
        code: 2,
        names: "myriad:protected",
    },
    {
        what: "render --out below a file",
        args: () => ["render", "--stack", "dev", "--out", path.join(aFile(), "out")],
        code: 2,
        names: "a-file/out",
    },
    {
        what: "render --out on a file system that cannot hold it",
        args: () => ["render", "--stack", "dev", "--out", "/proc/myriad-out"],
        code: 2,
        names: "/proc/myriad-out",
    },
    { what: "render --out that is a file", args: () => ["render", "--stack", "dev", "--out", aFile()], code: 2, names: "--out" },
    { what: "an unknown stack", args: () => ["plan", "--stack", "production"], code: 2, names: "Pulumi.production.yaml" },
    { what: "a missing config file", args: () => ["plan", "--config", path.join(t.dir, "nope.yaml")], code: 2, names: "nope.yaml" },
    {
        what: "a YAML syntax error",
        args: () => ["plan", "--config", file("syntax.yaml", "config:\n  myriad:clusters: [\n")],
        code: 2,
        names: "syntax.yaml",
    },
    {
        what: "a YAML syntax error in a manifest",
        args: () => ["check", "--manifests", file("manifests/broken.yaml", "apiVersion: v1\nkind: [ConfigMap\n")],
        code: 2,
        names: "broken.yaml document 1",
    },
    { what: "a missing manifests path", args: () => ["check", "--manifests", path.join(t.dir, "absent")], code: 2, names: "absent" },
    {
        what: "a stack file without myriad:clusters",
        args: () => ["plan", "--config", file("no-clusters.yaml", "config:\n  myriad:protect: true\n")],
        code: 2,
        names: "myriad:clusters",
    },
    { what: "both --stack and --config", args: () => ["plan", "--stack", "dev", "--config", protectMaybe()], code: 2, names: "--stack" },
    { what: "a format no command has", args: () => ["plan", "--stack", "dev", "--format", "xml"], code: 2, names: "--format" },
    {
        what: "createNamespace on the default namespace",
        args: () => [
            "plan",
            "--config",
            file("ns-default.yaml", stackFile("", CLUSTER.replace("- name: orders", "- name: orders\n      createNamespace: true"))),
        ],
        code: 2,
        names: "clusters[0].createNamespace",
    },
    {
        what: "two clusters creating the same namespace",
        args: () => [
            "plan",
            "--config",
            file(
                "ns-twice.yaml",
                stackFile(
                    "",
                    CLUSTER.replace("- name: orders", "- name: orders\n      namespace: shop\n      createNamespace: true") +
                        CLUSTER.replace("- name: orders", "- name: users\n      namespace: shop\n      createNamespace: true"),
                ),
            ),
        ],
        code: 2,
        names: "clusters[1].createNamespace",
    },
];

describe.each(MISTAKES)("$what", ({ args, code, names }) => {
    test(`text: exit ${code}, names the path, no stack trace`, () => {
        const r = myriad(args());
        expect(r.code).toBe(code);
        expect(r.stderr).toContain(names);
        expect(r.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    });

    test("--format json: the same exit code and one error document on stdout", () => {
        const a = args();
        if (a.includes("--format")) return; // the case is about --format itself (a usage error, text only)
        const r = myriad([...a, "--format", "json"]);
        expect(r.code).toBe(code);
        const doc = JSON.parse(r.stdout) as { errors: { path: string; message: string; fix: string }[] };
        expect(doc.errors.length).toBeGreaterThan(0);
        for (const e of doc.errors) expect(Object.keys(e).sort()).toEqual(["fix", "message", "path", "value"]);
        expect(JSON.stringify(doc.errors)).toContain(names);
    });

    test("text and --format json carry the same message and fix, and the fix is a real one", () => {
        const a = args();
        if (a.includes("--format")) return;
        const text = myriad(a).stderr;
        const doc = JSON.parse(myriad([...a, "--format", "json"]).stdout) as { errors: { message: string; fix: string }[] };
        for (const e of doc.errors) {
            expect(e.fix).not.toMatch(/--help/);
            expect(text).toContain(e.message);
            expect(text).toContain(e.fix);
        }
    });
});

describe("what the Pulumi CLI accepts is accepted", () => {
    test("YAML merge keys (<<: *base) are read as Pulumi reads them", () => {
        const f = file(
            "merge.yaml",
            `config:\n  myriad:clusters:\n    - name: orders\n      templates:\n        - &base { name: main, image: "mysql:8.0.40", replicas: 1, ordinals: { start: 0, end: 9 } }\n        - <<: *base\n          name: canary\n          ordinals: { start: 10, end: 19 }\n`,
        );
        const r = myriad(["plan", "--config", f, "--format", "json"]);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        const doc = JSON.parse(r.stdout) as { clusters: { instances: { template: string; image: string }[] }[] };
        expect(doc.clusters[0].instances.map((i) => [i.template, i.image])).toEqual([
            ["main", "mysql:8.0.40"],
            ["canary", "mysql:8.0.40"],
        ]);
    });

    test('myriad:protect: "false" (as pulumi config set writes it) is a boolean', () => {
        const r = myriad(["plan", "--config", file("protect-string.yaml", stackFile('  myriad:protect: "false"\n'))]);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
    });

    test("--format table is still the text format", () => {
        const r = myriad(["plan", "--stack", "dev", "--format", "table"]);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain("cluster mysql");
    });
});
