/**
 * The package installed as a dependency of another project (./install.ts: `npm pack` + `npm install`), used the
 * ways such a project uses it:
 *
 * - the policy pack: `pulumi preview --policy-pack node_modules/myriad/policies/compiled`, started the way the
 *   Pulumi CLI starts a pack (../policies/analyzer-protocol.ts) and spoken to over the analyzer protocol. The
 *   TypeScript pack (`node_modules/myriad/policies`) cannot run there: ts-node skips files under node_modules;
 * - `myriad check --program .`: the project's index.ts (`myriad/components` plus a hand-written StatefulSet) run
 *   under mocks and judged, by the installed CLI (`node_modules/.bin/myriad`) and by the CLI of this checkout:
 *   a bad version mix is exit 1 naming the policy, a clean one exit 0, a compile error or a throw exit 2.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzerProtocolTests } from "../policies/analyzer-protocol";
import { BIN } from "../cli/run-cli";
import { installConsumer, type Consumer } from "./install";

let consumer: Consumer | undefined;

beforeAll(() => {
    consumer = installConsumer();
}, 400_000);

afterAll(() => consumer?.cleanup());

const installed = (...p: string[]) => path.join(consumer!.dir, "node_modules", "myriad", ...p);

describe("the compiled policy pack inside node_modules/myriad/policies/compiled", () => {
    test("is installed as real files with its compiled entry, and its dependencies resolve from there", () => {
        expect(fs.lstatSync(installed()).isSymbolicLink()).toBe(false);
        expect(fs.existsSync(installed("policies", "compiled", "PulumiPolicy.yaml"))).toBe(true);
        expect(fs.existsSync(installed("dist", "policies", "index.js"))).toBe(true);
        for (const dep of ["@pulumi/policy", "@pulumi/pulumi/cmd/run-policy-pack"]) {
            const resolved = require.resolve(dep, { paths: [installed("policies", "compiled")] });
            expect(resolved.startsWith(path.join(consumer!.dir, "node_modules"))).toBe(true);
        }
    });

    analyzerProtocolTests(() => installed("policies", "compiled"));
});

/** Runs a myriad CLI (`bin`) in `cwd` with `args`; compiling the program takes a while under load. */
function cli(bin: string, args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [bin, ...args], {
        cwd,
        encoding: "utf8",
        timeout: 300_000,
        env: { ...process.env, COLUMNS: "1000", NO_COLOR: "1" },
    });
    if (r.error) throw r.error;
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const installedBin = () => path.join(consumer!.dir, "node_modules", "myriad", "bin", "myriad");

describe("myriad check --program on the consumer's program", () => {
    test("the installed CLI: the 8.4 canary as primary of 8.0 replicas and a floating raw StatefulSet exit 1 naming the policies", () => {
        const r = cli(installedBin(), ["check", "--program", ".", "--stack", "bad", "--format", "json"], consumer!.dir);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(1);
        const report = JSON.parse(r.stdout) as {
            ok: boolean;
            violations: { policy: string; level: string; message: string; resource: string | null }[];
        };
        const mandatory = report.violations.filter((v) => v.level === "mandatory");
        // The component's instances (MySqlCluster of myriad/components) ...
        expect(mandatory.filter((v) => v.policy === "mysql-replication-version-compatible").map((v) => v.message)).toEqual([
            expect.stringContaining(
                "replica orders-0 (template stable, mysql 8.0.40) replicates from source orders-10 (template canary, mysql 8.4.3)",
            ),
            expect.stringContaining("replica orders-1 (template stable, mysql 8.0.40) replicates from source orders-10"),
        ]);
        // ... and the StatefulSet written by hand beside them.
        expect(mandatory.filter((v) => v.policy === "mysql-image-version-pinned").map((v) => v.message)).toEqual([
            expect.stringContaining("StatefulSet shop/reporting: container 'mysql': image 'mysql:latest' uses the tag 'latest'"),
        ]);
        expect(mandatory.every((v) => (v.resource ?? "").startsWith("urn:pulumi:bad::orders-infra::"))).toBe(true);
    }, 320_000);

    test("the CLI of this checkout on the same program: the clean stack exits 0, its advisories printed", () => {
        const r = cli(BIN, ["check", "--program", consumer!.dir, "--stack", "clean"], process.cwd());
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(r.stdout).toContain("(stack clean): 18 policies of pack myriad-mysql over");
        expect(r.stdout).toContain("[advisory] mysql-replica-seeding-method - StatefulSet shop/orders-10");
        expect(r.stdout).toContain("PASSED: no mandatory violation");
    }, 320_000);

    test("a program that fails to compile, or throws, is exit 2 with its error; an unknown stack is exit 2 listing the stacks", () => {
        const index = path.join(consumer!.dir, "index.ts");
        const original = fs.readFileSync(index, "utf8");
        try {
            fs.writeFileSync(index, `${original}\nconst wrong: number = "a string";\n`);
            let r = cli(installedBin(), ["check", "--program", ".", "--stack", "clean"], consumer!.dir);
            expect(r.code).toBe(2);
            expect(r.stderr).toContain("myriad: the program . fails to compile:");
            expect(r.stderr).toMatch(/index\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
            fs.writeFileSync(
                index,
                original.replace(
                    "const config = new pulumi.Config();",
                    'const config = new pulumi.Config();\nif (config.require("primary")) throw new Error("no capacity left in shop");',
                ),
            );
            r = cli(installedBin(), ["check", "--program", ".", "--stack", "clean", "--format", "json"], consumer!.dir);
            expect(r.code).toBe(2);
            const report = JSON.parse(r.stdout) as { ok: boolean; errors: { path: string; message: string }[] };
            expect(report.ok).toBe(false);
            expect(report.errors[0].message).toContain("threw an error under Pulumi's mocks");
            expect(report.errors[0].message).toContain("no capacity left in shop");
        } finally {
            fs.writeFileSync(index, original);
        }
        const r = cli(installedBin(), ["check", "--program", ".", "--stack", "prod"], consumer!.dir);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("unknown stack 'prod' of the program in .");
        expect(r.stderr).toContain("use one of its stacks (bad, clean)");
    }, 320_000);
});
