/**
 * Every relative link of the docs and the README points to a file that exists and, with `#anchor`, to a heading of
 * that file (GitHub's anchor rules). So do the `docs/<page>.md#anchor` citations in code and messages.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

function tracked(...scope: string[]): string[] {
    return execFileSync("git", ["ls-files", "-z", "--", ...scope], { cwd: ROOT, encoding: "utf8" })
        .split("\0")
        .filter((f) => f && fs.existsSync(path.join(ROOT, f)));
}

/** GitHub's anchor of a heading: lower case, punctuation removed, each space a hyphen; repeats get -1, -2, … */
export function githubAnchor(heading: string): string {
    const text = heading
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // links keep their text
        .replace(/<[^>]+>/g, "") // inline HTML
        .trim()
        .toLowerCase();
    return text.replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

const anchorCache = new Map<string, Set<string>>();

/** The anchors of a Markdown file's headings (ATX headings outside fenced code blocks). */
function anchorsOf(file: string): Set<string> {
    const cached = anchorCache.get(file);
    if (cached) return cached;
    const anchors = new Set<string>();
    const seen = new Map<string, number>();
    let fence: string | undefined;
    for (const line of fs.readFileSync(path.join(ROOT, file), "utf8").split("\n")) {
        const f = /^\s*(```|~~~)/.exec(line);
        if (f) {
            if (fence === undefined) fence = f[1];
            else if (f[1] === fence) fence = undefined;
            continue;
        }
        if (fence !== undefined) continue;
        const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
        if (!h) continue;
        const base = githubAnchor(h[1]);
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    anchorCache.set(file, anchors);
    return anchors;
}

/** Problems with a link `target` (relative to `fromDir`, a repository-relative folder), or undefined. */
function checkTarget(fromFile: string, fromDir: string, target: string): string | undefined {
    const [rawPath, anchor] = target.split("#", 2) as [string, string | undefined];
    const file = rawPath === "" ? fromFile : path.posix.normalize(path.posix.join(fromDir, decodeURI(rawPath)));
    if (file.startsWith("..")) return `${target}: points outside the repository`;
    if (!fs.existsSync(path.join(ROOT, file))) return `${target}: ${file} does not exist`;
    if (anchor === undefined || anchor === "") return undefined;
    if (!file.endsWith(".md")) return undefined;
    if (!anchorsOf(file).has(anchor)) return `${target}: ${file} has no heading with anchor #${anchor}`;
    return undefined;
}

function stripCode(line: string): string {
    return line.replace(/`[^`]*`/g, "");
}

test("the githubAnchor rules", () => {
    expect(githubAnchor("Statements, variables and status columns")).toBe("statements-variables-and-status-columns");
    expect(githubAnchor("`mysql-server-id-unique`")).toBe("mysql-server-id-unique");
    expect(githubAnchor("`staging`: the failure that started the project")).toBe("staging-the-failure-that-started-the-project");
    expect(githubAnchor("Limits (read before relying on a green check)")).toBe("limits-read-before-relying-on-a-green-check");
});

test("every relative Markdown link in docs/ and README.md resolves to a file and heading", () => {
    const problems: string[] = [];
    for (const file of tracked("docs", "README.md").filter((f) => f.endsWith(".md"))) {
        const dir = path.posix.dirname(file);
        let fence = false;
        fs.readFileSync(path.join(ROOT, file), "utf8")
            .split("\n")
            .forEach((line, i) => {
                if (/^\s*(```|~~~)/.test(line)) fence = !fence;
                if (fence) return;
                for (const m of stripCode(line).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
                    const target = m[1];
                    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
                    const problem = checkTarget(file, dir, target);
                    if (problem) problems.push(`${file}:${i + 1}: ${problem}`);
                }
            });
    }
    expect(problems).toEqual([]);
});

test("every docs/<page>.md citation (with or without #anchor) in code, messages and docs resolves", () => {
    const problems: string[] = [];
    const scope = ["components", "infra", "policies", "docs", "bin", "bench", "tests", "stacks", "README.md"];
    for (const file of tracked(...scope)) {
        const buf = fs.readFileSync(path.join(ROOT, file));
        if (buf.includes(0)) continue;
        buf.toString("utf8")
            .split("\n")
            .forEach((line, i) => {
                for (const m of line.matchAll(/(?<![\w./-])docs\/[\w./-]*?\.md(?:#[\w-]+)?/g)) {
                    const problem = checkTarget(file, ".", m[0]);
                    if (problem) problems.push(`${file}:${i + 1}: ${problem}`);
                }
            });
    }
    expect(problems).toEqual([]);
});
