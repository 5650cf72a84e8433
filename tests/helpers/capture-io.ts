/** An `Io` that records what a command printed, and `runCheck` run in-process with one. */
import { runCheck, type CheckOptions } from "../../infra/cli/check";
import type { Io } from "../../infra/base/io";

/** An Io that records what a command printed. */
export function captureIo(): Io & { stdout: string; stderr: string } {
    const io = {
        stdout: "",
        stderr: "",
        out(t: string) {
            io.stdout += t;
        },
        err(t: string) {
            io.stderr += t;
        },
    };
    return io;
}

/** `myriad check` in this process (text format unless `opts` says otherwise), from `cwd`. */
export async function runCheckCaptured(opts: Partial<CheckOptions>, cwd: string): Promise<{ code: number; out: string; err: string }> {
    const io = captureIo();
    const code = await runCheck({ format: "text", ...opts }, io, cwd);
    return { code, out: io.stdout, err: io.stderr };
}
