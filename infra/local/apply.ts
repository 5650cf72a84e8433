/**
 * `myriad local apply`: applies a changed configuration to a running local run, the way `pulumi up` rolls a
 * change out to a cluster: in the component's rollout order (`rolloutOrder`: the planned primary, then the
 * online replicas by ordinal, then the offline instances), one instance at a time, each step waiting for that
 * instance's readiness before the next, as the provider awaits each StatefulSet.
 *
 * An instance restarts the way a StatefulSet update replaces its pod (clean stop, `init.sh`, then mysqld with the
 * new my.cnf, then `post-start.sh`) when what its pod would run changed: its rendered my.cnf, its `MYRIAD_*`
 * environment (role, source, version, ...) or the scripts. An instance new to the plan starts (init.sh seeds
 * it); one that is online in the plan but not running starts (the pod is re-created); one the plan takes offline
 * (or no longer has) stops, its data kept (a retained claim). Everything else is left alone. Sidecars follow
 * `local up`'s rules (./sidecars.ts): a new instance gets its seeding endpoint before the first step and its
 * metrics exporter after the last; an instance that leaves loses both.
 *
 * The first step that fails (a script exits non-zero, the instance is not ready within the timeout, or its
 * readiness names errant transactions, which no wait repairs) stops the rollout, as a failed StatefulSet update
 * stops the ones that depend on it: later steps are reported as not reached. Running apply again resumes: the
 * instances already changed are unchanged now.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import type { ClusterPlan, InstancePlan } from "../../components/planner/types";
import { planStack } from "../../components/planner/plan";
import { rolloutOrder } from "../../components/cluster/mysql-cluster";
import { renderScripts } from "../../components/runtime/scripts";
import type { StructuralError } from "../../components/spec/errors";
import type { Io } from "../cli/report";
import { discoverServers, type ServerBinary } from "./binaries";
import {
    DEFAULT_TUNING,
    instancePaths,
    isRunning,
    localEnv,
    localMyCnf,
    scriptsDir,
    stopServer,
    writeScripts,
    type LocalTuning,
} from "./instance";
import { isAlive } from "./process";
import { probeInstance, reconcileState, runOf, saveRun, startInstance, stopInstance, type LocalRun } from "./runtime";
import { secretsDir } from "./secrets";
import { lockDir, readState, type LocalInstance, type LocalState } from "./state";
import {
    allocateSidecarPorts,
    exporterNotes,
    resolveExporter,
    sidecarFields,
    startExporters,
    startSeedEndpoints,
    stopUnwantedSidecars,
} from "./sidecars";
import { allocatePorts, checkRunnable, instanceRecord, type Planned, type UpOptions } from "./up";

/**
 * Options of `local apply`: those of `local up`, where `dir` holds a run `local up` made, `clusters` is the
 * changed configuration and `timeoutSeconds` bounds each step (its scripts, then its readiness; default 300).
 */
export type ApplyOptions = UpOptions;

/** What one step does to one instance. */
export type ApplyAction = "restart" | "start" | "stop" | "unchanged";

/** One step of the rollout. */
export interface ApplyStep {
    instance: string;
    action: ApplyAction;
    /** Why (what changed, or why nothing did). */
    reason: string;
    /** ready / stopped / unchanged when done; failed; not-reached after an earlier failure. */
    outcome: "ready" | "stopped" | "unchanged" | "failed" | "not-reached";
    /** The failure, or the last readiness reason. */
    detail?: string;
    /** Seconds the step took. */
    seconds?: number;
}

/** Result of `local apply`. */
export interface ApplyResult {
    /** 0 applied (every step done), 1 a step failed (the rollout stopped there), 2 refused (nothing changed). */
    code: 0 | 1 | 2;
    steps: ApplyStep[];
    errors?: StructuralError[];
    refusals?: string[];
}

/** What a pod of `inst` would run: its my.cnf, its environment (without the peer list, which is not part of the pod spec) and the scripts. */
function revisionOf(
    dir: string,
    plan: ClusterPlan,
    inst: InstancePlan,
    li: LocalInstance,
    ports: Map<number, { host: string; port: number }>,
    tuning: LocalTuning,
    binary: ServerBinary,
): string {
    const paths = instancePaths(dir, plan.name, inst.name);
    const env = localEnv(plan, inst, ports, li.binary, paths, secretsDir(dir), scriptsDir(dir, plan.name));
    delete env.MYRIAD_PEERS;
    const h = createHash("sha256");
    h.update(localMyCnf(plan, inst, { host: li.host, port: li.port }, binary, paths, tuning));
    h.update(JSON.stringify(Object.entries(env).sort(([a], [b]) => a.localeCompare(b))));
    h.update(JSON.stringify(renderScripts(plan)));
    return h.digest("hex").slice(0, 16);
}

/** What changed between two plans of one instance, in words (for the step's reason). */
function describeChange(before: InstancePlan | undefined, after: InstancePlan, plan: ClusterPlan, old: ClusterPlan | undefined): string {
    if (!before) return "its pod spec changed";
    const out: string[] = [];
    if (before.role !== after.role) out.push(`role ${before.role} -> ${after.role}`);
    const name = (p: ClusterPlan | undefined, o: number | null) =>
        o === null ? "none" : (p?.instances.find((i) => i.ordinal === o)?.name ?? String(o));
    if (before.source !== after.source) out.push(`source ${name(old, before.source)} -> ${name(plan, after.source)}`);
    if (before.version !== after.version || before.image !== after.image) out.push(`image ${before.image} -> ${after.image}`);
    if (JSON.stringify(before.config) !== JSON.stringify(after.config)) out.push("mysqld settings");
    return out.length ? out.join(", ") : "its rendered configuration changed";
}

/** Applies `opts.clusters` to the run in `opts.dir`; progress lines on `io.err`. */
export async function localApply(opts: ApplyOptions, io: Io): Promise<ApplyResult> {
    const { plans, errors } = planStack(opts.clusters);
    if (errors.length) return { code: 2, steps: [], errors };
    const binaries = opts.binaries ?? discoverServers();
    const { planned, refusals, notes } = checkRunnable(plans, binaries);
    if (refusals.length) return { code: 2, steps: [], refusals };
    const previousState = readState(opts.dir);
    if (!previousState) return { code: 2, steps: [], refusals: [`no local run in ${opts.dir} ('myriad local up' creates one)`] };
    for (const n of notes) io.err(`note: ${n}\n`);
    const tuning = opts.tuning ?? DEFAULT_TUNING;
    const timeoutMs = (opts.timeoutSeconds ?? 300) * 1000;
    const release = lockDir(opts.dir);
    try {
        reconcileState(opts.dir, previousState);
        const oldRun = runOf(opts.dir, previousState);
        const previous = new Map(previousState.instances.map((i) => [i.name, i] as const));
        const ports = await allocatePorts(planned, previous);
        // Sidecars as `local up` runs them: an instance new to the plan gets its exporter and seeding endpoint.
        const exporter = resolveExporter(opts.exporter);
        for (const n of exporterNotes(planned, exporter)) io.err(`note: ${n}\n`);
        const sidecarPorts = await allocateSidecarPorts(opts.dir, planned, previous, exporter, ports);
        await stopUnwantedSidecars(opts.dir, previous.values(), sidecarPorts);

        // The old revision of every recorded instance: recorded by an earlier apply, else what the old plan renders.
        const oldRevision = new Map<string, string>();
        for (const li of previousState.instances) {
            if (li.revision) {
                oldRevision.set(li.name, li.revision);
                continue;
            }
            const plan = oldRun.plans.find((p) => p.name === li.cluster);
            const inst = plan?.instances.find((i) => i.ordinal === li.ordinal);
            const b = binaries.find((x) => x.mysqld === li.binary);
            if (!plan || !inst || !b || inst.state !== "online") continue;
            const oldPorts = new Map(
                previousState.instances
                    .filter((i) => i.cluster === plan.name)
                    .map((i) => [i.ordinal, { host: i.host, port: i.port }] as const),
            );
            oldRevision.set(li.name, revisionOf(opts.dir, plan, inst, li, oldPorts, tuning, b));
        }

        // The new state: the changed configuration, each planned instance at its endpoint (running ones keep their pid).
        const state: LocalState = {
            ...previousState,
            sourceDescription: opts.sourceDescription,
            clusters: opts.clusters,
            maxLagSeconds: Object.fromEntries(plans.map((p) => [p.name, p.maxReplicaLagSeconds])),
            instances: [],
        };
        const byName = new Map<string, Planned>();
        for (const p of planned) {
            const prev = previous.get(p.inst.name);
            const rec = instanceRecord(
                opts.dir,
                p,
                ports.get(p.inst.name)!,
                prev && isRunning(prev) ? prev.pid : null,
                sidecarFields(opts.dir, p.inst.name, prev, sidecarPorts),
            );
            if (oldRevision.has(p.inst.name)) rec.revision = oldRevision.get(p.inst.name);
            state.instances.push(rec);
            byName.set(p.inst.name, p);
        }
        // Recorded instances the plan no longer runs stay recorded (stopped below, data kept) until they are stopped.
        const leaving = previousState.instances.filter((li) => !byName.has(li.name) && isRunning(li));
        state.instances.push(...leaving);
        state.instances.sort((a, b) => a.cluster.localeCompare(b.cluster) || a.ordinal - b.ordinal);
        const run: LocalRun = runOf(opts.dir, state);
        saveRun(run);
        for (const plan of plans) await writeScripts(opts.dir, plan);
        // Seeding endpoints before any step: a new replica may stream its copy from any instance that runs one.
        startSeedEndpoints(run, (l) => io.err(l));
        saveRun(run);

        // The steps, in rollout order per cluster; then what the plan no longer has at all.
        const steps: (ApplyStep & { run?: () => Promise<void> })[] = [];
        for (const plan of plans) {
            const old = oldRun.plans.find((p) => p.name === plan.name);
            const clusterPorts = new Map(
                state.instances.filter((i) => i.cluster === plan.name).map((i) => [i.ordinal, { host: i.host, port: i.port }] as const),
            );
            for (const inst of rolloutOrder(plan)) {
                const li = state.instances.find((i) => i.name === inst.name);
                const prev = previous.get(inst.name);
                if (inst.state === "offline") {
                    if (prev && isRunning(prev))
                        steps.push({
                            instance: inst.name,
                            action: "stop",
                            reason: "offline in the plan: stopped, data kept",
                            outcome: "not-reached",
                        });
                    continue;
                }
                const p = byName.get(inst.name)!;
                const revision = revisionOf(opts.dir, plan, inst, li!, clusterPorts, tuning, p.binary);
                const before = old?.instances.find((i) => i.ordinal === inst.ordinal);
                if (!prev)
                    steps.push({
                        instance: inst.name,
                        action: "start",
                        reason: "new in the plan: init.sh seeds it",
                        outcome: "not-reached",
                    });
                else if (!isRunning(prev))
                    steps.push({
                        instance: inst.name,
                        action: "start",
                        reason: `not running: started (${before?.state === "online" ? describeChange(before, inst, plan, old) : "online again"})`,
                        outcome: "not-reached",
                    });
                else if (oldRevision.get(inst.name) !== revision)
                    steps.push({
                        instance: inst.name,
                        action: "restart",
                        reason: describeChange(before, inst, plan, old),
                        outcome: "not-reached",
                    });
                else
                    steps.push({
                        instance: inst.name,
                        action: "unchanged",
                        reason: "its pod would run the same configuration",
                        outcome: "unchanged",
                    });
                const step = steps[steps.length - 1];
                step.run = async () => {
                    const started = Date.now();
                    const log = (line: string) => io.err(`  ${line}\n`);
                    if (step.action === "restart") {
                        const r = await stopInstance(run, inst.name);
                        log(`${inst.name}: ${r} (clean shutdown, as the pod is deleted)`);
                    }
                    const paths = instancePaths(opts.dir, plan.name, inst.name);
                    fs.mkdirSync(paths.tmp, { recursive: true });
                    fs.writeFileSync(paths.config, localMyCnf(plan, inst, { host: li!.host, port: li!.port }, p.binary, paths, tuning));
                    await startInstance(run, inst.name, { withInit: true, timeoutMs, log });
                    const ready = await waitOneReady(run, inst.name, started + timeoutMs);
                    step.seconds = Math.round((Date.now() - started) / 100) / 10;
                    if (!ready.ok) throw new Error(ready.reason);
                    li!.revision = revision;
                    saveRun(run);
                };
            }
        }
        const inPlan = (li: LocalInstance) => plans.some((p) => p.name === li.cluster && p.instances.some((i) => i.ordinal === li.ordinal));
        for (const li of leaving.filter((l) => !inPlan(l)))
            steps.push({ instance: li.name, action: "stop", reason: "no longer in the plan: stopped, data kept", outcome: "not-reached" });

        let failed = false;
        for (const step of steps) {
            if (failed) continue;
            if (step.action === "unchanged") {
                io.err(`${step.instance}: unchanged (${step.reason})\n`);
                continue;
            }
            io.err(`${step.instance}: ${step.action} (${step.reason})\n`);
            const started = Date.now();
            try {
                if (step.action === "stop") {
                    // By its recorded pid (the plan may no longer have it); the record goes, the data stays.
                    const rec0 = state.instances.find((i) => i.name === step.instance)!;
                    const r = await stopServer(rec0);
                    step.outcome = "stopped";
                    step.seconds = Math.round((Date.now() - started) / 100) / 10;
                    io.err(`${step.instance}: ${r}, data kept\n`);
                    const rec = state.instances.find((i) => i.name === step.instance);
                    if (rec && !byName.has(step.instance)) state.instances.splice(state.instances.indexOf(rec), 1);
                    saveRun(run);
                } else {
                    await step.run!();
                    step.outcome = "ready";
                    io.err(`${step.instance}: ready (${step.seconds} s)\n`);
                }
            } catch (e) {
                step.outcome = "failed";
                step.detail = (e as Error).message;
                step.seconds = Math.round((Date.now() - started) / 100) / 10;
                io.err(`${step.instance}: FAILED: ${step.detail}\n`);
                failed = true;
            }
        }
        await startExporters(run, exporter, (l) => io.err(l));
        saveRun(run);
        return { code: failed ? 1 : 0, steps: steps.map(({ run: _run, ...s }) => s) };
    } finally {
        release();
    }
}

/**
 * Waits for one instance's readiness probe until `deadline`. Gives up at once when its mysqld is gone or the
 * probe names errant transactions (no wait repairs those: the instance needs an operator).
 */
async function waitOneReady(run: LocalRun, name: string, deadline: number): Promise<{ ok: boolean; reason: string }> {
    const li = run.state.instances.find((i) => i.name === name)!;
    let last = "";
    for (;;) {
        if (li.pid === null || !isAlive(li.pid)) return { ok: false, reason: `mysqld is not running; see ${li.log}` };
        const r = await probeInstance(run, name, "readiness");
        if (r.ok) return { ok: true, reason: "" };
        last = r.reason;
        if (/errant transactions/.test(last)) return { ok: false, reason: `not ready: ${last}` };
        if (Date.now() > deadline) return { ok: false, reason: `not ready within the timeout: ${last}` };
        await new Promise((r) => setTimeout(r, 300));
    }
}
