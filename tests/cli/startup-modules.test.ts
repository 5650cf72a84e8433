/**
 * What the quick commands load. `myriad --help`, `--version` and `plan` must start without the Pulumi SDKs (about
 * three quarters of a cold start when they load), the MySQL client or the policy pack: each command imports its
 * work when it runs. Structural, not timed: the child process lists every module in require.cache as it exits.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BIN, requireBuilt, ROOT, tempDir } from "./run-cli";

/** Runs `node --require HOOK bin/myriad ...args` and returns the exit code and every module file it loaded. */
function loadedModules(args: string[], dir: string): { code: number | null; stdout: string; modules: string[] } {
    requireBuilt();
    const hook = path.join(dir, "list-modules.js");
    const out = path.join(dir, `modules-${args.join("_").replace(/[^\w-]/g, "")}.json`);
    fs.writeFileSync(
        hook,
        `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));\n`,
    );
    const r = spawnSync(process.execPath, ["--require", hook, BIN, ...args], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, NO_COLOR: "1" },
    });
    if (r.error) throw r.error;
    const modules = JSON.parse(fs.readFileSync(out, "utf8")) as string[];
    return { code: r.status, stdout: r.stdout, modules: modules.map((m) => path.relative(ROOT, m)) };
}

const HEAVY = [/node_modules\/@pulumi\//, /node_modules\/mysql2\//, /^dist\/policies\/rules\//, /^dist\/infra\/mock-engine\//];
const heavyIn = (modules: string[]) => modules.filter((m) => HEAVY.some((re) => re.test(m)));

describe("start-up: the quick commands load neither the Pulumi SDKs nor the other commands' work", () => {
    const t = tempDir("myriad-modules-");
    afterAll(() => t.cleanup());

    test.each([
        [["--help"], "Usage: myriad"],
        [["--version"], "0."],
        [["plan", "--stack", "staging"], "orders"],
        [["plan", "--stack", "prod", "--format", "json"], '"clusters"'],
        [["check", "--help"], "--manifests"],
    ])("myriad %j", (args, expected) => {
        const r = loadedModules(args, t.dir);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(expected);
        expect(heavyIn(r.modules)).toEqual([]);
    });

    test("--help and --version load neither the planner's schema nor the YAML reader", () => {
        for (const args of [["--help"], ["--version"]]) {
            const r = loadedModules(args, t.dir);
            expect(r.modules.filter((m) => /node_modules\/(zod|yaml)\/|^dist\/components\/planner\//.test(m))).toEqual([]);
        }
    });

    // The probe sees the SDK when a command does load it: the assertions above can fail.
    test("render, which runs the program under the SDK's mocks, does load @pulumi/pulumi", () => {
        const r = loadedModules(["render", "--stack", "dev", "--out", path.join(t.dir, "out")], t.dir);
        expect(r.code).toBe(0);
        expect(r.modules.some((m) => m.includes("node_modules/@pulumi/pulumi/"))).toBe(true);
    });
});
