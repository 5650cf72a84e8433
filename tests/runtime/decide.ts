/**
 * Runs one decision function of a pod script: sources lib.sh, then the script (its `main` is guarded, so
 * sourcing only defines functions; init.sh's concern files are sourced after lib.sh as init.sh does) in a clean
 * environment holding `env` only, calls `fn` with `args` and returns its exit
 * status and output. The decisions are pure, so nothing else is needed: no server, no fake programs. PATH is
 * emptied before the call, so a decision that ran any program would fail ("command not found" on stderr).
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { scriptsSourceDir, type ScriptFile } from "../../components/runtime/scripts";

export interface Decided {
    status: number | null;
    out: string;
    err: string;
}

export function decide(script: ScriptFile, fn: string, args: string[], env: Record<string, string> = {}): Decided {
    const r = spawnSync(
        "bash",
        [
            "-c",
            'source "$1" && source "$2" || exit 99; shift 2; PATH=/nonexistent; "$@"',
            "decide",
            path.join(scriptsSourceDir(), "lib.sh"),
            path.join(scriptsSourceDir(), script),
            fn,
            ...args,
        ],
        {
            // stdin from /dev/null: bash reads ~/.bashrc when stdin is a socket, as a pipe from node is.
            env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
            encoding: "utf8",
            timeout: 10000,
            stdio: ["ignore", "pipe", "pipe"],
        },
    );
    return { status: r.status, out: r.stdout.replace(/\n$/, ""), err: r.stderr };
}

/** `decide` for a function printing "FIELD<TAB>FIELD<TAB>...": its fields. */
export function decideFields(script: ScriptFile, fn: string, args: string[], env: Record<string, string> = {}): string[] {
    const r = decide(script, fn, args, env);
    if (r.status !== 0 || r.err !== "") throw new Error(`${script} ${fn} exited ${r.status}: ${r.err}`);
    return r.out.split("\t");
}
