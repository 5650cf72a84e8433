/**
 * The one skip helper (tests/helpers/requires.ts) obeys MYRIAD_REAL_REQUIRED: a missing requirement skips loudly
 * without it and fails with it. Proven on a fixture run by a jest of its own.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

interface Outcome {
    status: string;
    fullName: string;
    failureMessages: string[];
}

/** The outcome of each test of the fixture, run with `env` added to the environment; and its stderr. */
function runFixture(env: Record<string, string | undefined>): { tests: Outcome[]; stderr: string } {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "requires-")), "report.json");
    const r = spawnSync(
        process.execPath,
        [require.resolve("jest/bin/jest"), "--testMatch", "**/tests/fixtures/requires/missing.check.ts", "--json", "--outputFile", out],
        { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" },
    );
    const report = JSON.parse(fs.readFileSync(out, "utf8")) as { testResults: { assertionResults: Outcome[] }[] };
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
    return { tests: report.testResults.flatMap((f) => f.assertionResults), stderr: r.stderr };
}

const summary = (tests: Outcome[]) => tests.map((t) => [t.fullName, t.status, t.failureMessages.map((m) => m.split("\n")[0])]);

test("without MYRIAD_REAL_REQUIRED a missing requirement skips, naming what is missing and how to install it", () => {
    const { tests, stderr } = runFixture({ MYRIAD_REAL_REQUIRED: undefined });
    expect(summary(tests)).toEqual([
        ["a suite that needs a-tool [SKIPPED: missing: a-tool. install a-tool] runs", "pending", []],
        ["a test that needs b-tool [SKIPPED: missing: b-tool. install b-tool]", "pending", []],
        ["a test that needs nothing missing", "passed", []],
    ]);
    expect(stderr).toContain("!! SKIPPED: a suite that needs a-tool\n!! missing: a-tool. install a-tool");
});

test("with MYRIAD_REAL_REQUIRED=1 a missing requirement fails instead", () => {
    const { tests } = runFixture({ MYRIAD_REAL_REQUIRED: "1" });
    expect(summary(tests)).toEqual([
        ["a suite that needs a-tool has what it needs", "failed", ["Error: MYRIAD_REAL_REQUIRED=1 but missing: a-tool. install a-tool"]],
        ["a test that needs b-tool", "failed", ["Error: MYRIAD_REAL_REQUIRED=1 but missing: b-tool. install b-tool"]],
        ["a test that needs nothing missing", "passed", []],
    ]);
});
