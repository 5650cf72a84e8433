/**
 * Operations on the instances of a local run, shared by `up`, `status`, `down` and the real-server tests:
 * run an instance's probe, start it the way a pod starts (init.sh, mysqld, post-start.sh) or the way a
 * crashed container restarts (mysqld, post-start.sh; init containers do not run again), stop it or kill it.
 * Every operation rebuilds the instance's environment from the state file and the plan recorded in it.
 */
import * as fs from "node:fs";
import type { ClusterPlan, InstancePlan } from "../../components/planner/types";
import { planStack } from "../../components/planner/plan";
import { instancePaths, localEnv, localServerArgs, runningPid, runScript, scriptsDir, startServer, stopServer } from "./instance";
import { isAlive, killProcess } from "./process";
import { secretsDir } from "./secrets";
import { readState, updateInstances, writeState, type LocalInstance, type LocalState } from "./state";

/** A local run: its directory, state and the plans the state was made from. */
export interface LocalRun {
    dir: string;
    state: LocalState;
    plans: ClusterPlan[];
    secrets: string;
}

/** Opens DIR's local run, or undefined when DIR has no state. Throws when the recorded plan is invalid. */
export function openRun(dir: string): LocalRun | undefined {
    const state = readState(dir);
    if (!state) return undefined;
    return runOf(dir, state);
}

/** Builds a run from a state (plans recomputed from the recorded configuration). */
export function runOf(dir: string, state: LocalState): LocalRun {
    const { plans, errors } = planStack(state.clusters);
    if (errors.length) throw new Error(`the configuration recorded in ${dir} no longer plans: ${errors[0].message}`);
    return { dir, state, plans, secrets: secretsDir(dir) };
}

/**
 * Makes the state say what runs: an instance whose recorded mysqld is gone is recorded as stopped, with
 * `outside: exited` (it died, or was stopped by hand); a mysqld of the instance that runs under another pid
 * (started by hand) is recorded with `outside: adopted`. Written to DIR/state.json when anything changed.
 * Returns the instances that changed.
 */
export function reconcileState(dir: string, state: LocalState): LocalInstance[] {
    const changed: LocalInstance[] = [];
    const noticedAt = new Date().toISOString();
    for (const li of state.instances) {
        const pid = runningPid(li);
        if (pid === li.pid) continue;
        if (pid === null) li.outside = { event: "exited", pid: li.pid!, noticedAt };
        else li.outside = { event: "adopted", pid, noticedAt };
        li.pid = pid;
        changed.push(li);
    }
    if (changed.length)
        updateInstances(dir, (byName) => {
            for (const li of changed) {
                const rec = byName.get(li.name);
                if (rec) Object.assign(rec, { pid: li.pid, outside: li.outside });
            }
        });
    return changed;
}

/** Records the pid of an instance's mysqld started (or stopped, null) by myriad, in memory and in DIR/state.json. */
export function recordPid(run: LocalRun, li: LocalInstance, pid: number | null): void {
    li.pid = pid;
    delete li.outside;
    updateInstances(run.dir, (byName) => {
        const rec = byName.get(li.name);
        if (rec) {
            rec.pid = pid;
            delete rec.outside;
        }
    });
}

/** Saves the run's state. */
export function saveRun(run: LocalRun): void {
    writeState(run.dir, run.state);
}

/** The state, plan and instance plan of one instance. Throws for an unknown name. */
export function lookup(run: LocalRun, name: string): { li: LocalInstance; plan: ClusterPlan; inst: InstancePlan } {
    const li = run.state.instances.find((i) => i.name === name);
    if (!li)
        throw new Error(`no instance '${name}' in ${run.dir} (instances: ${run.state.instances.map((i) => i.name).join(", ") || "none"})`);
    const plan = run.plans.find((p) => p.name === li.cluster);
    const inst = plan?.instances.find((i) => i.ordinal === li.ordinal);
    if (!plan || !inst) throw new Error(`instance '${name}' is not in the recorded plan`);
    return { li, plan, inst };
}

/** The MYRIAD_* environment of an instance in this run (ports of its cluster from the state). */
export function envOf(run: LocalRun, name: string): Record<string, string> {
    const { li, plan, inst } = lookup(run, name);
    const ports = new Map(
        run.state.instances
            .filter((i) => i.cluster === plan.name)
            .map((i) => [i.ordinal, { host: i.host, port: i.port, seedPort: i.seedPort }] as const),
    );
    const paths = instancePaths(run.dir, plan.name, li.name);
    return localEnv(plan, inst, ports, li.binary, paths, run.secrets, scriptsDir(run.dir, plan.name));
}

/** Result of a probe. */
export interface ProbeResult {
    ok: boolean;
    /** The probe's one-line explanation on failure (empty when it passed). */
    reason: string;
}

/** Runs the pod's `probe.sh <kind>` against a local instance. */
export async function probeInstance(run: LocalRun, name: string, kind: "startup" | "liveness" | "readiness"): Promise<ProbeResult> {
    const { plan } = lookup(run, name);
    const r = await runScript(scriptsDir(run.dir, plan.name), "probe.sh", [kind], envOf(run, name), undefined, 30000);
    const line = r.tail.split("\n").filter(Boolean).pop() ?? `exit ${r.code}`;
    return { ok: r.code === 0, reason: r.code === 0 ? "" : line.replace(/^not ready: /, "") };
}

function tailOf(file: string, n = 15): string {
    try {
        return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-n).join("\n");
    } catch {
        return "(no log)";
    }
}

/** A failure of a start step, with the script output. */
export class StartError extends Error {
    constructor(
        readonly instance: string,
        message: string,
    ) {
        super(message);
        this.name = "StartError";
    }
}

/**
 * Starts an instance that is not running. `withInit` (a new pod): init.sh, then mysqld, then post-start.sh.
 * Without it (a container restart after a crash): mysqld and post-start.sh only. Saves the new pid.
 * `extraServerArgs` are appended to the planned server options (mysqld takes an option's last occurrence): fault
 * injection for tests, for example a `--server-id` that collides across templates.
 * Throws `StartError` with the script's last output when a step fails.
 */
export async function startInstance(
    run: LocalRun,
    name: string,
    opts: { withInit: boolean; timeoutMs?: number; log?: (line: string) => void; extraServerArgs?: readonly string[] },
): Promise<number> {
    const { li, plan, inst } = lookup(run, name);
    reconcileState(run.dir, { ...run.state, instances: [li] });
    if (li.pid !== null) return li.pid;
    const env = envOf(run, name);
    const scripts = scriptsDir(run.dir, plan.name);
    const paths = instancePaths(run.dir, plan.name, li.name);
    const timeoutMs = opts.timeoutMs ?? 600000;
    const log = opts.log ?? (() => undefined);
    if (opts.withInit) {
        log(`${li.name}: init.sh (${li.role}${li.source ? ` of ${li.source}` : ""}, ${li.flavor} ${li.version})`);
        const init = await runScript(scripts, "init.sh", [], env, paths.initLog, timeoutMs, undefined, (l) => log(`${li.name}: ${l}`));
        if (init.code !== 0) throw new StartError(li.name, `init.sh exited ${init.code} (log ${paths.initLog}):\n${init.tail}`);
    }
    const pid = startServer(li, env, [...localServerArgs(plan, inst, li.host), ...(opts.extraServerArgs ?? [])]);
    recordPid(run, li, pid);
    log(`${li.name}: mysqld started (pid ${pid}) on ${li.host}:${li.port}`);
    // post-start.sh waits for mysqld to answer; stop waiting as soon as mysqld is gone.
    const abort = new AbortController();
    const watch = setInterval(() => {
        if (!isAlive(pid)) abort.abort();
    }, 500);
    let post;
    try {
        post = await runScript(scripts, "post-start.sh", [], env, paths.postStartLog, timeoutMs, abort.signal, (l) =>
            log(`${li.name}: ${l}`),
        );
    } finally {
        clearInterval(watch);
    }
    if (abort.signal.aborted || !isAlive(pid)) {
        recordPid(run, li, null);
        throw new StartError(li.name, `mysqld (pid ${pid}) exited during start-up; last lines of ${li.log}:\n${tailOf(li.log)}`);
    }
    if (post.code !== 0)
        throw new StartError(li.name, `post-start.sh exited ${post.code} (log ${paths.postStartLog}; mysqld log ${li.log}):\n${post.tail}`);
    return pid;
}

/** Clean shutdown of one instance (whatever pid runs it now); records it as stopped. */
export async function stopInstance(run: LocalRun, name: string): Promise<string> {
    const { li } = lookup(run, name);
    reconcileState(run.dir, { ...run.state, instances: [li] });
    const r = await stopServer(li);
    if (r !== "not-ours") recordPid(run, li, null);
    return r;
}

/** SIGKILL of one instance's mysqld (a crash); records it as stopped. */
export async function killInstance(run: LocalRun, name: string): Promise<boolean> {
    const { li } = lookup(run, name);
    reconcileState(run.dir, { ...run.state, instances: [li] });
    if (li.pid === null) return false;
    const killed = await killProcess(li.pid, li.config);
    recordPid(run, li, null);
    return killed;
}
