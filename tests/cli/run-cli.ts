/**
 * Runs the built `myriad` command (`node bin/myriad ...`, i.e. dist/) as a child process, the way a user does.
 * `npm test` builds dist before jest runs; running these tests alone needs `npm run build` first.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const BIN = path.join(ROOT, "bin", "myriad");

/** What a run of the CLI produced. */
export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Throws a clear message when dist/ is missing (tests run before a build). */
export function requireBuilt(): void {
    const main = path.join(ROOT, "dist", "infra", "cli", "main.js");
    if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` before the CLI tests (npm test does)`);
}

/** Runs `node bin/myriad ...args` in `cwd` (default: the repository root), with `env` added to the environment. */
export function myriad(args: string[], cwd = ROOT, env: Record<string, string> = {}): CliRun {
    requireBuilt();
    const r = spawnSync(process.execPath, [BIN, ...args], {
        cwd,
        encoding: "utf8",
        timeout: 120_000,
        env: { ...process.env, NO_COLOR: "1", ...env },
    });
    if (r.error) throw r.error;
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory, removed by the returned cleanup function. */
export function tempDir(prefix = "myriad-cli-"): { dir: string; cleanup: () => void } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Every stack shipped in stacks/. */
export const STACKS = ["dev", "staging", "prod"] as const;
