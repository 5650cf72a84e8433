/**
 * docs/upgrading.md shows what `myriad check --base` prints for each step of the upgrade flows: every
 * `$ node bin/myriad check …; echo "exit $?"` block is run again (in-process, 80 columns, as when piped) and must
 * print exactly what the page shows, with the same exit code. When a message changes on purpose,
 * `UPDATE_DOCS=1 npx jest tests/docs/upgrading` rewrites the outputs in the page.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runCheck, type CheckOptions } from "../../infra/cli/check";

const ROOT = path.resolve(__dirname, "..", "..");
const PAGE = fs.readFileSync(path.join(ROOT, "docs", "upgrading.md"), "utf8");

interface Example {
    command: string;
    args: string[];
    output: string;
    code: number;
}

function examples(): Example[] {
    const out: Example[] = [];
    const block = /```console\n\$ node bin\/myriad (check [^\n]*); echo "exit \$\?"\n([\s\S]*?)\nexit (\d+)\n```/g;
    for (const m of PAGE.matchAll(block)) out.push({ command: m[1], args: m[1].split(" ").slice(1), output: m[2], code: Number(m[3]) });
    return out;
}

const FLAGS: Record<string, keyof CheckOptions> = {
    "--config": "config",
    "--stack": "stack",
    "--base": "base",
    "--base-ref": "baseRef",
    "--base-state": "baseState",
    "--format": "format",
};

function options(args: string[]): CheckOptions {
    const opts: Record<string, string> = { format: "text" };
    for (let i = 0; i < args.length; i += 2) {
        const key = FLAGS[args[i]];
        if (!key) throw new Error(`docs/upgrading.md uses an option this test does not know: ${args[i]}`);
        opts[key] = args[i + 1];
    }
    return opts as unknown as CheckOptions;
}

const saved = process.env.COLUMNS;
beforeAll(() => delete process.env.COLUMNS);
afterAll(() => {
    if (saved !== undefined) process.env.COLUMNS = saved;
});

test("the page has the examples of both flows and the rejections", () => {
    const commands = examples().map((e) => e.command);
    expect(commands.length).toBeGreaterThanOrEqual(10);
    for (const f of ["canary-1", "canary-4", "bluegreen-3", "in-place-primary", "primary-to-new"])
        expect(commands.join("\n")).toContain(`${f}.yaml`);
    expect(PAGE).not.toMatch(/@@RUN|TODO|TBD/);
});

async function rerun(e: Example): Promise<{ output: string; code: number }> {
    let text = "";
    const io = { out: (t: string) => (text += t), err: (t: string) => (text += t) };
    const code = await runCheck(options(e.args), io, ROOT);
    return { output: text.replace(/\n+$/, ""), code };
}

// UPDATE_DOCS=1 rewrites the outputs in the page (review the diff: it is what users will read).
if (process.env.UPDATE_DOCS === "1") {
    test("rewrite the outputs of docs/upgrading.md", async () => {
        let page = PAGE;
        for (const e of examples()) {
            const now = await rerun(e);
            const was = `$ node bin/myriad ${e.command}; echo "exit $?"\n${e.output}\nexit ${e.code}\n`;
            page = page.replace(was, `$ node bin/myriad ${e.command}; echo "exit $?"\n${now.output}\nexit ${now.code}\n`);
        }
        fs.writeFileSync(path.join(ROOT, "docs", "upgrading.md"), page);
    });
}

test.each(examples().map((e) => [e.command, e] as const))("%s", async (_, e) => {
    if (process.env.UPDATE_DOCS === "1") return;
    expect(await rerun(e)).toEqual({ output: e.output, code: e.code });
});
