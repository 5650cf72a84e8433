/**
 * Server processes of `myriad local` and the real-server tests: started detached (they outlive the
 * command that started them), tracked and stopped by process id only. Before signalling a recorded pid we
 * check that it still runs the command line we started (pid reuse), so `down` never stops anything else.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";

/** A process started by {@link startDetached}. */
export interface StartedProcess {
    pid: number;
    /** The command line, as recorded for the ownership check. */
    argv: string[];
}

/**
 * Closes every file descriptor above 2, then runs the command (`bash -c CLOSE_AND_EXEC file args...`; bash, since sh may only redirect descriptors 0..9). Node opens
 * its own descriptors close-on-exec, but a descriptor the caller of `myriad` passed down (a pipe of a test
 * runner, `3>file` in a shell, a CI step's pipe) is inherited by every child: a server that outlives the
 * command would keep it open, and whoever waits for that pipe to close would wait for the server. `exec` keeps
 * the process id and leaves the command line exactly `file args...` (the ownership check reads it).
 */
const CLOSE_AND_EXEC =
    'for f in /proc/$$/fd/*; do n=${f##*/}; case $n in 0|1|2) ;; *) eval "exec $n>&-" 2>/dev/null ;; esac; done; exec "$0" "$@"';

/**
 * Starts `file args...` in its own process group with stdout and stderr appended to `logFile`, detached
 * from the caller, with no other file descriptor of the caller. `env` replaces the environment.
 */
export function startDetached(
    file: string,
    args: readonly string[],
    logFile: string,
    env: NodeJS.ProcessEnv,
    cwd?: string,
): StartedProcess {
    const fd = fs.openSync(logFile, "a", 0o600);
    try {
        const child = spawn("bash", ["-c", CLOSE_AND_EXEC, file, ...args], { detached: true, stdio: ["ignore", fd, fd], env, cwd });
        if (child.pid === undefined) throw new Error(`could not start ${file}`);
        child.on("error", () => {
            /* reported through the log and the readiness wait */
        });
        child.unref();
        return { pid: child.pid, argv: [file, ...args] };
    } finally {
        fs.closeSync(fd);
    }
}

/** True when a process with this id exists (and is not a zombie). */
export function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
    } catch (e) {
        return (e as NodeJS.ErrnoException).code === "EPERM";
    }
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
        return state !== "Z" && state !== "X";
    } catch {
        return true;
    }
}

/** The command line of a running process (from /proc), or undefined when it is gone or unreadable. */
export function commandLine(pid: number): string[] | undefined {
    try {
        const raw = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        const parts = raw.split("\0");
        if (parts.length && parts[parts.length - 1] === "") parts.pop();
        return parts.length ? parts : undefined;
    } catch {
        return undefined;
    }
}

/**
 * True when `pid` is alive and its command line contains `marker` (for servers: the path of their
 * my.cnf, unique per instance). Guards every signal we send to a recorded pid.
 */
export function ownsProcess(pid: number, marker: string): boolean {
    if (!isAlive(pid)) return false;
    const argv = commandLine(pid);
    if (!argv) return false;
    return argv.some((a) => a.includes(marker));
}

function sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
}

/** Waits until `pid` has exited; false on timeout. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (!isAlive(pid)) return true;
        await sleep(50);
    }
    return !isAlive(pid);
}

/**
 * Stops one process: SIGTERM (mysqld shuts down cleanly), then SIGKILL after `graceMs`. Only when
 * `marker` matches its command line. Returns what happened.
 */
export async function stopProcess(
    pid: number,
    marker: string,
    graceMs = 30000,
): Promise<"stopped" | "killed" | "not-running" | "not-ours"> {
    if (!isAlive(pid)) return "not-running";
    if (!ownsProcess(pid, marker)) return "not-ours";
    try {
        process.kill(pid, "SIGTERM");
    } catch {
        return "not-running";
    }
    if (await waitForExit(pid, graceMs)) return "stopped";
    try {
        process.kill(pid, "SIGKILL");
    } catch {
        return "stopped";
    }
    await waitForExit(pid, 10000);
    return "killed";
}

/** Sends SIGKILL to one process we own (a crash, for fault tests) and waits for it to be gone. */
export async function killProcess(pid: number, marker: string): Promise<boolean> {
    if (!ownsProcess(pid, marker)) return false;
    process.kill(pid, "SIGKILL");
    return waitForExit(pid, 10000);
}

// ---- a hostname per instance (a UTS namespace) ----------------------------------------------------------------

/** Set to `0` to keep every local server on the machine's hostname (the fallback, also taken without root). */
export const OWN_HOSTNAME_ENV = "MYRIAD_LOCAL_OWN_HOSTNAME";

let utsProbe: boolean | undefined;

/**
 * True when a local server can run under a hostname of its own: root (creating a UTS namespace needs
 * CAP_SYS_ADMIN) and a working `unshare --uts` (util-linux), unless `MYRIAD_LOCAL_OWN_HOSTNAME=0`. Probed once.
 */
export function ownHostnameSupported(env: NodeJS.ProcessEnv = process.env): boolean {
    if (env[OWN_HOSTNAME_ENV] === "0") return false;
    utsProbe ??= process.getuid?.() === 0 && spawnSync("unshare", ["--uts", "true"], { stdio: "ignore", timeout: 10000 }).status === 0;
    return utsProbe;
}

/**
 * Sets the hostname inside the new UTS namespace (never the machine's: `unshare` runs it only once the namespace
 * exists, and fails before running anything otherwise), then replaces itself with the command.
 */
const SET_HOSTNAME_AND_EXEC = 'printf %s "$0" > /proc/sys/kernel/hostname && exec "$@"';

/**
 * `file args...` wrapped to run under its own hostname: `unshare --uts bash -c SET_HOSTNAME_AND_EXEC hostname file
 * args...`. `unshare` without `--fork` and both `exec`s keep the process id, so the pid {@link startDetached}
 * returns is the command's own (signals reach it; after the exec its command line is exactly `file args...`).
 */
export function withOwnHostname(hostname: string, file: string, args: readonly string[]): { file: string; args: string[] } {
    if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(hostname)) throw new Error(`not a hostname: '${hostname}'`);
    return { file: "unshare", args: ["--uts", "bash", "-c", SET_HOSTNAME_AND_EXEC, hostname, file, ...args] };
}

function utsNamespace(pid: number | "self"): string | undefined {
    try {
        return fs.readlinkSync(`/proc/${pid}/ns/uts`);
    } catch {
        return undefined;
    }
}

/**
 * The hostname a running process sees (`@@hostname` of a mysqld): the machine's when it shares our UTS
 * namespace, else read inside its namespace (`nsenter`, root). Undefined when the process is gone or unreadable.
 */
export function hostnameOf(pid: number): string | undefined {
    const theirs = utsNamespace(pid);
    if (!theirs) return undefined;
    if (theirs === utsNamespace("self")) return os.hostname();
    const r = spawnSync("nsenter", ["-t", String(pid), "-u", "cat", "/proc/sys/kernel/hostname"], { encoding: "utf8", timeout: 10000 });
    return r.status === 0 ? r.stdout.trim() : undefined;
}
