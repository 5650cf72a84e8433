/**
 * One local instance: its rendered my.cnf, its MYRIAD_* environment and the pod's own scripts, run
 * outside Kubernetes. Nothing here re-implements the bootstrap: `init.sh` (the init container),
 * `mysqld --defaults-file=my.cnf` (the mysqld container), `post-start.sh` (the postStart hook) and
 * `probe.sh` (the probes) are the rendered files of the scripts ConfigMap, with the placement variables
 * overridden to 127.0.0.1, a free port and directories under DIR.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { instanceServerArgs, renderMyCnf } from "../../components/runtime/my-cnf";
import { DATA_DIR_MARKERS } from "../../components/runtime/contract";
import { instanceEnv } from "../../components/runtime/env";
import type { ClusterPlan, InstancePlan } from "../../components/planner/types";
import type { ServerBinary } from "./binaries";
import { isAlive, ownHostnameSupported, ownsProcess, startDetached, stopProcess, withOwnHostname } from "./process";
import type { LocalInstance } from "./state";

/** Settings of the local-run section appended to every my.cnf. */
export interface LocalTuning {
    /** `innodb_buffer_pool_size` of local servers. Default `32M` (a template's larger value is not used locally). */
    bufferPool: string;
}

/** Default local tuning. */
export const DEFAULT_TUNING: LocalTuning = { bufferPool: "32M" };

/** Longest Unix socket path (sun_path holds 108 bytes with the terminating NUL). */
const MAX_SOCKET_PATH = 100;

/** Paths of one instance inside DIR. */
export interface InstancePaths {
    dir: string;
    dataDir: string;
    config: string;
    socket: string;
    tmp: string;
    /** mysqld's output (its error log). */
    log: string;
    initLog: string;
    postStartLog: string;
}

/** Where an instance lives inside DIR. */
export function instancePaths(root: string, cluster: string, name: string): InstancePaths {
    const dir = path.join(root, cluster, name);
    let socket = path.join(dir, "mysqld.sock");
    if (socket.length > MAX_SOCKET_PATH)
        socket = path.join("/tmp", `myriad-${process.getuid?.() ?? 0}-${Buffer.from(dir).toString("base64url").slice(-40)}.sock`);
    return {
        dir,
        dataDir: path.join(dir, "data"),
        config: path.join(dir, "my.cnf"),
        socket,
        tmp: path.join(dir, "tmp"),
        log: path.join(dir, "mysqld.log"),
        initLog: path.join(dir, "init.log"),
        postStartLog: path.join(dir, "post-start.log"),
    };
}

/** Directory of a cluster's rendered scripts inside DIR. */
export function scriptsDir(root: string, cluster: string): string {
    return path.join(root, cluster, "scripts");
}

/** Writes the cluster's rendered scripts (the ConfigMap's files) to DIR/<cluster>/scripts, mode 0555. */
export async function writeScripts(root: string, plan: ClusterPlan): Promise<string> {
    const { renderScripts } = await import("../../components/runtime/scripts");
    const dir = scriptsDir(root, plan.name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(renderScripts(plan))) {
        const f = path.join(dir, file);
        if (fs.existsSync(f)) fs.chmodSync(f, 0o755);
        fs.writeFileSync(f, text);
        fs.chmodSync(f, 0o555);
    }
    return dir;
}

function runningAsRoot(): boolean {
    return typeof process.getuid === "function" && process.getuid() === 0;
}

/**
 * The section appended to the rendered my.cnf for a local run: what a server outside its container
 * needs (the binary's own `basedir`/`lc-messages-dir` when it is not installed system-wide, no
 * `secure_file_priv` directory, `user=root` when run as root, a private tmpdir and pid file), and a small
 * memory footprint. Everything above it is the instance's rendered configuration, unchanged.
 */
export function localSection(b: ServerBinary, p: InstancePaths, tuning: LocalTuning): string {
    const lines = [
        "",
        "# --- myriad local: running outside Kubernetes (appended by `myriad local up`; not part of the pod's my.cnf) ---",
        "[mysqld]",
    ];
    for (const [k, v] of Object.entries(b.options)) lines.push(`${k.replace(/-/g, "_")} = ${v}`);
    lines.push(
        "secure_file_priv = ",
        `tmpdir = ${p.tmp}`,
        `pid_file = ${path.join(p.dir, "mysqld.pid")}`,
        `innodb_buffer_pool_size = ${tuning.bufferPool}`,
        "performance_schema = OFF",
        "max_connections = 100",
    );
    if (runningAsRoot()) lines.push("user = root");
    return `${lines.join("\n")}\n`;
}

/**
 * The rendered my.cnf of a local instance: `renderMyCnf` with a loopback placement (the instance's own
 * address 127.0.0.N as host and bind address), plus `localSection`.
 */
export function localMyCnf(
    plan: ClusterPlan,
    inst: InstancePlan,
    at: LocalEndpoint,
    b: ServerBinary,
    p: InstancePaths,
    tuning: LocalTuning,
): string {
    const rendered = renderMyCnf(plan, inst, {
        placement: { host: at.host, port: at.port, datadir: p.dataDir, socket: p.socket, bindAddress: at.host },
    });
    return rendered + localSection(b, p, tuning);
}

/** Where a local instance listens: its own loopback address (127.0.0.N) and port. */
export interface LocalEndpoint {
    host: string;
    port: number;
    /** Port of its seeding endpoint, when it runs one. */
    seedPort?: number | null;
}

/** Endpoints of the cluster's instances by ordinal (online ones only). */
export type PortMap = ReadonlyMap<number, LocalEndpoint>;

/** True when a local data directory holds data (init.sh's `gather_datadir` says existing: a `mysql` schema or the bootstrap-done marker). */
export function dataDirHoldsData(dataDir: string): boolean {
    return fs.existsSync(path.join(dataDir, "mysql")) || fs.existsSync(path.join(dataDir, DATA_DIR_MARKERS.done));
}

/** True when the pid file of a local instance names a live mysqld of that instance (its my.cnf on the command line). */
function pidFileRunning(p: InstancePaths): boolean {
    try {
        const pid = Number(fs.readFileSync(path.join(p.dir, "mysqld.pid"), "utf8").trim());
        return Number.isInteger(pid) && pid > 0 && ownsProcess(pid, p.config);
    } catch {
        return false;
    }
}

/**
 * `MYRIAD_PEERS` of a local instance: the other online instances of its cluster that exist, i.e. whose local
 * data directory holds data or whose mysqld runs, as `127.0.0.1:<port>`. In a pod the same question is
 * answered by the headless Service, which lists exactly the pods that exist. `init.sh` asks these peers
 * whether they hold data before it initialises an empty planned primary; on a first `local up` the primary
 * starts before any replica exists, so the list is empty and the primary initialises. Offline instances are
 * never peers (no pod; their data stays in their retained directory).
 */
export function localPeers(plan: ClusterPlan, inst: InstancePlan, ports: PortMap, own: InstancePaths): string {
    const root = path.resolve(own.dir, "..", "..");
    return plan.instances
        .filter((i) => i.state === "online" && i.ordinal !== inst.ordinal && ports.has(i.ordinal))
        .filter((i) => {
            const p = instancePaths(root, plan.name, i.name);
            return dataDirHoldsData(p.dataDir) || pidFileRunning(p);
        })
        .map((i) => `${ports.get(i.ordinal)!.host}:${ports.get(i.ordinal)!.port}`)
        .join(" ");
}

/**
 * The MYRIAD_* environment of a local instance: `instanceEnv` with the placement variables overridden
 * (127.0.0.1, its port, its source's port, its peers, its directories), the server binary chosen for it,
 * and shorter waits than in a pod. Plus PATH (the binary's directory first), HOME and TMPDIR.
 */
export function localEnv(
    plan: ClusterPlan,
    inst: InstancePlan,
    ports: PortMap,
    serverBin: string,
    p: InstancePaths,
    secrets: string,
    scripts: string,
): Record<string, string> {
    const at = ports.get(inst.ordinal);
    if (at === undefined) throw new Error(`no port for ${inst.name}`);
    const overrides: Record<string, string> = {
        // Its own loopback address: report_host, bind address and the address its probes connect to.
        MYRIAD_HOST: at.host,
        MYRIAD_PORT: String(at.port),
        MYRIAD_LOCAL_ADDRESS: at.host,
        // No cluster DNS here: peers come from MYRIAD_PEERS (only instances that exist), not a Service name.
        MYRIAD_PEERS: localPeers(plan, inst, ports, p),
        MYRIAD_PEER_SERVICE: "",
        MYRIAD_DATADIR: p.dataDir,
        MYRIAD_CONFIG: p.config,
        MYRIAD_SECRETS_DIR: secrets,
        MYRIAD_SCRIPTS_DIR: scripts,
        MYRIAD_SERVER_BIN: serverBin,
        MYRIAD_SOURCE_WAIT_SECONDS: "300",
        MYRIAD_SOURCE_WAIT_INTERVAL_SECONDS: "1",
        MYRIAD_PEER_WAIT_SECONDS: "60",
        MYRIAD_START_TIMEOUT_SECONDS: "600",
        MYRIAD_POST_START_TIMEOUT_SECONDS: "600",
        MYRIAD_STOP_TIMEOUT_SECONDS: "120",
        // The seeding endpoints of the cluster (no peer Service here): host:sqlport:seedport.
        MYRIAD_SEED_DONORS: [...ports.values()]
            .filter((e) => e.seedPort)
            .map((e) => `${e.host}:${e.port}:${e.seedPort}`)
            .join(" "),
    };
    if (at.seedPort) overrides.MYRIAD_SEED_PORT = String(at.seedPort);
    if (inst.source !== null) {
        const sp = ports.get(inst.source);
        if (sp === undefined) throw new Error(`${inst.name} replicates from ordinal ${inst.source}, which is not online`);
        overrides.MYRIAD_SOURCE_HOST = sp.host;
        overrides.MYRIAD_SOURCE_PORT = String(sp.port);
    }
    const env = instanceEnv(plan, inst, overrides);
    const pathDirs = [
        path.dirname(serverBin),
        ...(process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin").split(":"),
        "/usr/sbin",
        "/usr/local/sbin",
    ];
    return {
        ...env,
        PATH: [...new Set(pathDirs.filter(Boolean))].join(":"),
        HOME: process.env.HOME ?? p.dir,
        TMPDIR: p.tmp,
        LANG: "C",
        LC_ALL: "C",
    };
}

/** The outcome of running one script. */
export interface ScriptResult {
    code: number | null;
    /** Last lines of its output. */
    tail: string;
}

/** A server's own error line: `[ERROR] ...` (MySQL, MariaDB), `ERROR nnnn` of a client, an unknown option. */
const SERVER_ERROR_LINE = /\[ERROR\]|^ERROR \d+|unknown (variable|option)/i;

/**
 * What to show of a failed script's output: the server's own error lines first (a server that refuses an option
 * prints it once, then pages of advice: "Installation of system tables failed!"), then the last lines.
 */
export function failureTail(output: string, last = 15): string {
    const lines = output.trimEnd().split("\n");
    const errors = [...new Set(lines.filter((l) => SERVER_ERROR_LINE.test(l)).map((l) => l.trim().replace(/^server error: /, "")))].slice(
        0,
        5,
    );
    const tail = lines.slice(-last).join("\n");
    return errors.length ? `server error: ${errors.join("\nserver error: ")}\n...\n${tail}` : tail;
}

/**
 * What progress output shows of one line a script wrote: its own log lines (`<time> myriad <cluster>/<ordinal>
 * <script>: ...`), nothing else. A log line that introduces an excerpt following it (ending in `:`, such as
 * "temporary server log (lines 1-29):") names the log file holding the excerpt instead, since progress output
 * leaves the excerpt out; without a log file it is left out too.
 */
export function progressLine(line: string, logFile: string | undefined): string | undefined {
    const m = /^\S+ myriad \S+ (\S+: .*)$/.exec(line);
    if (!m) return undefined;
    if (!m[1].endsWith(":")) return m[1];
    return logFile === undefined ? undefined : `${m[1].slice(0, -1)} in ${logFile}`;
}

/**
 * Runs `bash SCRIPTS/<file> args...` with `env`, appending stdout and stderr to `logFile`. Resolves with the
 * exit code and the last lines of output (never rejects on a non-zero exit).
 */
export function runScript(
    scripts: string,
    file: string,
    args: readonly string[],
    env: Record<string, string>,
    logFile: string | undefined,
    timeoutMs: number,
    signal?: AbortSignal,
    onProgress?: (line: string) => void,
): Promise<ScriptResult> {
    return new Promise((resolve) => {
        const child = spawn("bash", [path.join(scripts, file), ...args], {
            env,
            stdio: ["ignore", "pipe", "pipe"],
            signal,
            killSignal: "SIGKILL",
        });
        const log = logFile ? fs.createWriteStream(logFile, { flags: "a", mode: 0o600 }) : undefined;
        let buf = "";
        let partial = "";
        const onData = (d: Buffer) => {
            log?.write(d);
            const text = d.toString("utf8");
            buf = (buf + text).slice(-32000);
            if (!onProgress) return;
            // The scripts' own log lines (`<time> myriad <cluster>/<ordinal> <script>: ...`), as they come: the
            // long waits (a peer, a seed copy) show progress instead of silence.
            const lines = (partial + text).split("\n");
            partial = lines.pop() ?? "";
            for (const l of lines) {
                const shown = progressLine(l, logFile);
                if (shown !== undefined) onProgress(shown);
            }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        const done = (code: number | null) => {
            clearTimeout(timer);
            const tail = code === 0 ? buf.trimEnd().split("\n").slice(-15).join("\n") : failureTail(buf);
            if (log) log.end(() => resolve({ code, tail }));
            else resolve({ code, tail });
        };
        child.on("error", (e) => {
            buf += `\n${e.message}`;
            done(127);
        });
        child.on("close", (code) => done(code));
    });
}

/** The instance's own server options on its loopback address (`instanceServerArgs`: --server-id, --report-host). */
export function localServerArgs(plan: ClusterPlan, inst: InstancePlan, host: string): string[] {
    return instanceServerArgs(plan, inst, { host });
}

/**
 * Starts the instance's mysqld (`<binary> --defaults-file=<my.cnf> <serverArgs>`, as the pod's mysqld container
 * runs it with `localServerArgs`), detached, output to its log. Where the machine allows it
 * (`ownHostnameSupported`: root and `unshare --uts`) it runs under its own hostname, the instance's name, as a
 * pod runs under its pod's name: `@@hostname` then tells the instances apart (pt-table-checksum prints replicas
 * by it). The pid returned is mysqld's own either way (`withOwnHostname` execs in place).
 */
export function startServer(inst: LocalInstance, env: Record<string, string>, serverArgs: readonly string[]): number {
    const args = [`--defaults-file=${inst.config}`, ...serverArgs];
    const cmd = ownHostnameSupported() ? withOwnHostname(inst.name, inst.binary, args) : { file: inst.binary, args };
    const p = startDetached(cmd.file, cmd.args, inst.log, env, inst.dir);
    return p.pid;
}

/**
 * The mysqld that runs this instance now, whoever started it: the recorded pid when it still runs this
 * instance's my.cnf, else the pid in its pid file (`mysqld.pid`, written by every mysqld of this instance,
 * one started by hand included) when that runs it; null when none does.
 */
export function runningPid(inst: LocalInstance): number | null {
    if (inst.pid !== null && ownsProcess(inst.pid, inst.config)) return inst.pid;
    try {
        const pid = Number(fs.readFileSync(path.join(inst.dir, "mysqld.pid"), "utf8").trim());
        if (Number.isInteger(pid) && pid > 0 && ownsProcess(pid, inst.config)) return pid;
    } catch {
        // no pid file: nothing started it
    }
    return null;
}

/** True when the recorded pid still runs this instance's mysqld. */
export function isRunning(inst: LocalInstance): boolean {
    return inst.pid !== null && ownsProcess(inst.pid, inst.config);
}

/** Stops an instance's mysqld by its recorded pid (clean shutdown, SIGKILL after `graceMs`). */
export async function stopServer(inst: LocalInstance, graceMs = 60000): Promise<string> {
    if (inst.pid === null) return "not-running";
    if (!isAlive(inst.pid)) return "not-running";
    return stopProcess(inst.pid, inst.config, graceMs);
}
