/**
 * The one way a test depends on something outside the repository (a server binary, a tool, root): it runs when
 * nothing is missing. Otherwise it is skipped with a banner on stderr naming what is missing and how to get it,
 * or, when `MYRIAD_REAL_REQUIRED=1` (CI: .ci/run), it fails with that message instead: CI skips nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Environment variable that turns a missing requirement into a failure (set in CI). */
export const REQUIRED_ENV = "MYRIAD_REAL_REQUIRED";

/** What a test needs that may be absent: the missing pieces (empty when all are present) and how to install them. */
export interface Requirement {
    missing: readonly string[];
    install: string;
}

/** The commands of `names` that are not executable on PATH (or in the system directories). */
export function missingCommands(names: readonly string[]): string[] {
    return names.filter((n) => commandPath(n) === undefined);
}

/** The path of command `name` on PATH (or in the system directories), if it is there. */
export function commandPath(name: string): string | undefined {
    for (const dir of [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/usr/bin", "/usr/local/bin"]) {
        if (!dir) continue;
        const f = path.join(dir, name);
        try {
            fs.accessSync(f, fs.constants.X_OK);
            return f;
        } catch {
            // keep looking
        }
    }
    return undefined;
}

type Verdict = { run: true } | { run: false; why: string; required: boolean };

function verdict(name: string, req: Requirement): Verdict {
    if (req.missing.length === 0) return { run: true };
    const why = `missing: ${req.missing.join(", ")}. ${req.install}`;
    const required = process.env[REQUIRED_ENV] === "1";
    if (!required) {
        const bar = "!".repeat(78);
        process.stderr.write(`\n${bar}\n!! SKIPPED: ${name}\n!! ${why}\n${bar}\n\n`);
    }
    return { run: false, why, required };
}

const failure = (why: string) => () => {
    throw new Error(`${REQUIRED_ENV}=1 but ${why}`);
};

/** `describe` that runs when `req` is met; otherwise skipped loudly, or one failing test under MYRIAD_REAL_REQUIRED=1. */
export function describeWhen(name: string, req: Requirement, fn: () => void): void {
    const v = verdict(name, req);
    if (v.run) describe(name, fn);
    else if (v.required) describe(name, () => it("has what it needs", failure(v.why)));
    else describe.skip(`${name} [SKIPPED: ${v.why}]`, fn);
}

/** `test` that runs when `req` is met; otherwise skipped loudly, or failing under MYRIAD_REAL_REQUIRED=1. */
export function testWhen(name: string, req: Requirement, fn: jest.ProvidesCallback, timeout?: number): void {
    const v = verdict(name, req);
    if (v.run) test(name, fn, timeout);
    else if (v.required) test(name, failure(v.why));
    else test.skip(`${name} [SKIPPED: ${v.why}]`, fn, timeout);
}
