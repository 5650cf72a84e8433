/**
 * The repository stands on its own: no tracked file of the code, the docs or the tests points to a document
 * outside it (a sibling `shared` folder, the research digests, a numbered seed, an issue number, the team's
 * task description).
 * Facts are cited by their vendor manual page or a page under docs/ (docs/compatibility.md).
 *
 * The patterns are assembled from pieces so that this file does not match them itself.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const SCOPE = [
    "components",
    "infra",
    "policies",
    "docs",
    "bin",
    "bench",
    "tests",
    "stacks",
    ".github",
    ".ci",
    "README.md",
    "package.json",
    "Pulumi.yaml",
    "eslint.config.mjs",
    "jest.config.js",
];

const join = (...parts: string[]): string => parts.join("");

/** What may not appear, with the reason printed on failure. */
const FORBIDDEN: readonly { name: string; pattern: RegExp }[] = [
    { name: "a folder outside the repository", pattern: new RegExp(join("\\.\\.", "/", "shared\\b")) },
    { name: "the compatibility digest", pattern: new RegExp(join("mysql", "-", "compat(\\.md|\\b)"), "i") },
    { name: "a research digest", pattern: new RegExp(join("\\b(kube", "blocks|oper", "ators|pul", "umi)\\.md\\b"), "i") },
    { name: "a research digest", pattern: new RegExp(join("\\bresearch", "/[\\w-]+\\.md")) },
    { name: "a seed number", pattern: new RegExp(join("\\bse", "eds?[ _/-]?#?\\d+"), "i") },
    { name: "an issue number", pattern: new RegExp(join("\\bis", "sues?\\s+#?\\d+"), "i") },
    { name: "an issue number", pattern: new RegExp(join("(^|[\\s(\\[])", "#", "\\d{1,5}\\b")) },
    { name: "the task description", pattern: new RegExp(join("\\b(the|team|task|our|your)['’s]*\\s+", "bri", "ef\\b"), "i") },
];

function trackedFiles(): string[] {
    const out = execFileSync("git", ["ls-files", "-z", "--", ...SCOPE], { cwd: ROOT, encoding: "utf8" });
    return out.split("\0").filter((f) => f && fs.existsSync(path.join(ROOT, f)));
}

function textOf(file: string): string | undefined {
    const buf = fs.readFileSync(path.join(ROOT, file));
    return buf.includes(0) ? undefined : buf.toString("utf8");
}

test("the scope holds files (git ls-files works here)", () => {
    expect(trackedFiles().length).toBeGreaterThan(50);
});

test("no tracked file mentions a document outside the repository, a seed, an issue number or the task description", () => {
    const hits: string[] = [];
    for (const file of trackedFiles()) {
        const text = textOf(file);
        if (text === undefined) continue;
        text.split("\n").forEach((line, i) => {
            for (const f of FORBIDDEN) {
                const m = f.pattern.exec(line);
                if (m) hits.push(`${file}:${i + 1}: ${f.name} (${JSON.stringify(m[0].trim())}): ${line.trim().slice(0, 160)}`);
            }
        });
    }
    expect(hits).toEqual([]);
});

test("the patterns catch what they are meant to catch", () => {
    const samples = [
        join("see ../", "shared/res", "earch/x.md"),
        join("mysql", "-compat.md §4.2"),
        join("(mysql", "-compat §6)"),
        join("kube", "blocks.md §2"),
        join("res", "earch/", "pul", "umi.md §5.4"),
        join("(pul", "umi.md §0.3)"),
        join("se", "ed 000"),
        join("se", "ed000Templates"),
        join("Se", "ed 002: a crash"),
        join("is", "sue 4"),
        join("KubeBlocks ", "#", "8891"),
        join("the ", "bri", "ef"),
        join("(team ", "bri", 'ef "Runtime contract inside the pod")'),
        join("idempotently (team ", "bri", "ef)"),
        join("the task ", "bri", "ef"),
    ];
    for (const s of samples) expect(FORBIDDEN.some((f) => f.pattern.test(s))).toBe(true);
    const allowed = [
        "seedingDecision",
        "a MySQL-compatible server",
        "https://github.com/pulumi/pulumi-kubernetes/issues/619",
        "MariaDB/mariadb-docker#628",
        "docs/compatibility.md#seeding-new-replicas",
        "#!/bin/sh",
        "`$#` arguments",
        "takes a brief global read lock",
    ];
    for (const s of allowed) expect(FORBIDDEN.filter((f) => f.pattern.test(s)).map((f) => f.name)).toEqual([]);
});
