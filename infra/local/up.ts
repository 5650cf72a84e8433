/**
 * `myriad local up`: runs every online instance of the plan as a local server on 127.0.0.1, the way its
 * pod would run it: `init.sh` (initialise, or seed a new replica from its source and point GTID
 * auto-positioned replication at it), then `mysqld --defaults-file=my.cnf`, then `post-start.sh` (starts
 * replication), then waits until `probe.sh readiness` passes on every instance.
 *
 * Order: each cluster's primary first, then its replicas in parallel (their init.sh waits for the source,
 * as in a pod). Running it again on the same DIR is idempotent: running instances are left alone, stopped
 * ones restart on their data (init.sh re-asserts accounts, role and source), instances new to the plan are
 * seeded, and instances the plan no longer has online are stopped (their data is kept, like a retained
 * claim).
 *
 * Beside each instance of a cluster with `metrics.enabled` it starts the metrics exporter
 * (`prometheus-mysqld-exporter`, ./exporter.ts) with the pod sidecar's arguments on a free loopback port
 * (`metricsPort` in `local status`); without an installed exporter it notes so and runs the servers alone.
 *
 * Refused (exit 2, nothing started): invalid configuration; a template whose flavour and series has no
 * local binary (the message names the binaries that are available); Group Replication (not run locally);
 * semi-synchronous replication on a binary without its plugins. A patch-level difference between the
 * planned version and the local binary is allowed and reported.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ClusterPlan, InstancePlan } from "../../components/planner/types";
import { dialectFor } from "../../components/mysqld/dialect";
import { seedingMethod } from "../../components/compat/seeding";
import { planStack } from "../../components/planner/plan";
import type { Io } from "../base/io";
import { chooseBinary, describeBinary, discoverServers, type ServerBinary } from "./binaries";
import { DEFAULT_TUNING, instancePaths, isRunning, localMyCnf, stopServer, writeScripts, type LocalTuning } from "./instance";
import { probeInstance, runOf, saveRun, startInstance, type LocalRun } from "./runtime";
import { freePorts, isPortFree, loopbackAddress } from "./ports";
import { ensureSecrets } from "./secrets";
import {
    allocateSidecarPorts,
    exporterNotes,
    resolveExporter,
    sidecarFields,
    startExporters,
    startSeedEndpoints,
    stopUnwantedSidecars,
} from "./sidecars";
import { lockDir, readState, type LocalInstance, type LocalState } from "./state";
import type { StructuralError } from "../../components/spec/errors";

/** Options of `local up`. */
export interface UpOptions {
    /** Absolute state directory. */
    dir: string;
    /** Raw `myriad:clusters`. */
    clusters: unknown;
    /** Where the configuration came from, for messages and the state file. */
    sourceDescription: string;
    /** Seconds to wait for every instance to be ready. Default 300. */
    timeoutSeconds?: number;
    /** Memory settings of local servers. */
    tuning?: LocalTuning;
    /** Available binaries (default: discovered). */
    binaries?: ServerBinary[];
    /** The metrics exporter binary (default: `findExporter()`); null runs no exporter. */
    exporter?: string | null;
}

/** Result of `local up`. */
export interface UpResult {
    /** 0 every instance ready, 1 started but not all ready (or a script failed), 2 refused. */
    code: 0 | 1 | 2;
    state?: LocalState;
    /** Structural errors when the configuration is invalid. */
    errors?: StructuralError[];
    /** Why nothing was started (code 2). */
    refusals?: string[];
    /** Instances that failed or are not ready, with the reason. */
    failures?: { instance: string; reason: string }[];
}

/** One instance to run, with its binary. */
export interface Planned {
    plan: ClusterPlan;
    inst: InstancePlan;
    binary: ServerBinary;
}

/** Checks the plans against what can run locally; returns the refusals and the notes (patch differences). */
export function checkRunnable(
    plans: readonly ClusterPlan[],
    binaries: readonly ServerBinary[],
): { planned: Planned[]; refusals: string[]; notes: string[] } {
    const refusals: string[] = [];
    const notes: string[] = [];
    const planned: Planned[] = [];
    for (const plan of plans) {
        if (plan.mode === "group") {
            refusals.push(
                `cluster ${plan.name}: mode 'group' (Group Replication) is not run by myriad local: it needs MySQL's group_replication plugin and group communication ports; test it on a real cluster (docs/runtime.md)`,
            );
            continue;
        }
        for (const inst of plan.instances) {
            if (inst.state !== "online") continue;
            const choice = chooseBinary(binaries, inst.flavor, inst.version);
            if (!choice.ok) {
                refusals.push(`${inst.name} (template '${inst.template}', ${inst.flavor} ${inst.version}): ${choice.message}`);
                continue;
            }
            if (choice.difference)
                notes.push(`${inst.name} (template '${inst.template}') ${choice.difference}: ${describeBinary(choice.binary)}`);
            if (plan.mode === "semisync" && choice.binary.flavor !== "mariadb" && !hasSemisyncPlugins(choice.binary)) {
                refusals.push(
                    `${inst.name}: mode 'semisync' needs the semi-synchronous replication plugins, which ${describeBinary(choice.binary)} does not have (no plugin directory with semisync_*.so)`,
                );
                continue;
            }
            planned.push({ plan, inst, binary: choice.binary });
        }
    }
    const byNote = new Map<string, string[]>();
    for (const p of planned) {
        const n = logicalSeedingNote(p.plan, p.inst) ?? physicalSeedingNote(p.inst);
        if (n) byNote.set(n, [...(byNote.get(n) ?? []), p.inst.name]);
    }
    for (const [n, names] of byNote) notes.push(`${names.join(", ")}: ${n}`);
    return { planned, refusals, notes };
}

/**
 * A replica of the MySQL family is seeded by a logical copy made with MySQL's own mysqldump
 * (`--set-gtid-purged`); when the `mysqldump` on PATH is MariaDB's (as on a machine with only MariaDB's
 * client tools), seeding from a source that holds data cannot work. Seeding from an empty source needs no
 * dump, so this is a note, not a refusal.
 */
function logicalSeedingNote(plan: ClusterPlan, inst: InstancePlan): string | undefined {
    if (inst.flavor === "mariadb" || inst.source === null) return undefined;
    const src = plan.instances.find((i) => i.ordinal === inst.source)!;
    if (seedingMethod({ flavor: src.flavor, version: src.version }, { flavor: inst.flavor, version: inst.version }) !== "logical")
        return undefined;
    const tool = dialectFor(inst.flavor, inst.version).dump;
    let banner = "";
    try {
        banner = execFileSync(tool, ["--version"], { encoding: "utf8", timeout: 10000, stdio: ["ignore", "pipe", "ignore"] });
    } catch {
        return `'${tool}' is not on PATH; seeding it from a source that already holds data will fail (a source without user data needs no dump)`;
    }
    if (/mariadb/i.test(banner)) {
        return (
            `the '${tool}' on PATH is MariaDB's (${banner.trim()}), which cannot write MySQL GTID state (--set-gtid-purged); ` +
            "seeding it from a source that already holds data will fail. A source without user data needs no dump. Put MySQL's mysqldump first on PATH to seed from data."
        );
    }
    return undefined;
}

/**
 * An instance whose image carries a physical backup tool runs a seeding endpoint and, as a new replica, seeds by
 * a stream: locally the tool, its stream program and socat come from PATH. Without them, seeding from a source
 * that holds data fails loudly (init.sh names the missing program); a note says so up front.
 */
function physicalSeedingNote(inst: InstancePlan): string | undefined {
    if (inst.backupTool === "none") return undefined;
    const d = dialectFor(inst.flavor, inst.version);
    const missing = [d.backupProgram, d.backupStreamProgram, "socat"].filter(
        (p) => spawnSync("sh", ["-c", `command -v ${p}`], { stdio: "ignore" }).status !== 0,
    );
    if (!missing.length) return undefined;
    return `${missing.join(", ")} not on PATH: physical seeding (backupTool ${inst.backupTool}) of a new replica from data will fail (Debian: apt-get install mariadb-backup socat; or set backupTool: none for a logical copy)`;
}

function hasSemisyncPlugins(b: ServerBinary): boolean {
    const dirs = [
        b.options.basedir ? path.join(b.options.basedir, "lib", "plugin") : "",
        "/usr/lib/mysql/plugin",
        "/usr/lib64/mysql/plugin",
        path.join(path.dirname(b.mysqld), "..", "lib", "plugin"),
    ];
    return dirs.some((d) => d && fs.existsSync(d) && fs.readdirSync(d).some((f) => /^semisync_(master|source)\.so$/.test(f)));
}

function sleep(ms: number): Promise<void> {
    return new Promise((r) => setTimeout(r, ms));
}

/**
 * Allocates each instance its own loopback address (127.0.0.N, N from 2: its `report_host`, so that tools naming
 * replicas by host, such as pt-table-checksum's `--recursion-method=hosts`, tell them apart) and a port. An
 * instance keeps its recorded address, and its recorded port when it is running or the port is still free.
 */
export async function allocatePorts(
    planned: Planned[],
    previous: Map<string, LocalInstance>,
): Promise<Map<string, { host: string; port: number }>> {
    const out = new Map<string, { host: string; port: number }>();
    const hosts = new Map<string, string>();
    for (const { inst } of planned) {
        const prev = previous.get(inst.name);
        if (prev) hosts.set(inst.name, prev.host);
    }
    const used = new Set([...hosts.values(), ...[...previous.values()].map((p) => p.host)]);
    let n = 2;
    for (const { inst } of planned) {
        if (hosts.has(inst.name)) continue;
        while (used.has(loopbackAddress(n))) n++;
        used.add(loopbackAddress(n));
        hosts.set(inst.name, loopbackAddress(n));
    }
    const need: string[] = [];
    for (const { inst } of planned) {
        const prev = previous.get(inst.name);
        const host = hosts.get(inst.name)!;
        if (prev && (isRunning(prev) || (await isPortFree(prev.port, host)))) out.set(inst.name, { host, port: prev.port });
        else need.push(inst.name);
    }
    const fresh = await freePorts(need.length, [...[...out.values()].map((e) => e.port), ...[...previous.values()].map((p) => p.port)]);
    need.forEach((name, i) => out.set(name, { host: hosts.get(name)!, port: fresh[i] }));
    return out;
}

/** The state record of a planned instance at its local endpoint. */
export function instanceRecord(
    dir: string,
    p: Planned,
    at: { host: string; port: number },
    pid: number | null,
    sidecars: { metricsPort: number | null; exporterPid: number | null; seedPort?: number | null; seedPid?: number | null },
): LocalInstance {
    const paths = instancePaths(dir, p.plan.name, p.inst.name);
    const src = p.inst.source === null ? null : p.plan.instances.find((i) => i.ordinal === p.inst.source)!.name;
    return {
        cluster: p.plan.name,
        namespace: p.plan.namespace,
        name: p.inst.name,
        ordinal: p.inst.ordinal,
        template: p.inst.template,
        serverId: p.inst.serverId,
        role: p.inst.role,
        source: src,
        host: at.host,
        port: at.port,
        pid,
        flavor: p.inst.flavor,
        plannedVersion: p.inst.version,
        version: p.binary.version,
        binaryFlavor: p.binary.flavor,
        binary: p.binary.mysqld,
        dir: paths.dir,
        dataDir: paths.dataDir,
        config: paths.config,
        log: paths.log,
        metricsPort: sidecars.metricsPort,
        exporterPid: sidecars.exporterPid,
        ...(sidecars.seedPort !== undefined ? { seedPort: sidecars.seedPort, seedPid: sidecars.seedPid ?? null } : {}),
    };
}

/**
 * Starts (or resumes) the local clusters described by `opts.clusters`; progress on `io.err`.
 * See the module comment for the order and the idempotence rules.
 */
export async function localUp(opts: UpOptions, io: Io): Promise<UpResult> {
    const { plans, errors } = planStack(opts.clusters);
    if (errors.length) return { code: 2, errors };
    const binaries = opts.binaries ?? discoverServers();
    const { planned, refusals, notes } = checkRunnable(plans, binaries);
    if (refusals.length) return { code: 2, refusals };
    for (const n of notes) io.err(`note: ${n}\n`);

    const tuning = opts.tuning ?? DEFAULT_TUNING;
    const timeoutMs = (opts.timeoutSeconds ?? 300) * 1000;
    const release = lockDir(opts.dir);
    try {
        const previousState = readState(opts.dir);
        const previous = new Map((previousState?.instances ?? []).map((i) => [i.name, i] as const));
        await ensureSecrets(opts.dir);
        const ports = await allocatePorts(planned, previous);
        const exporter = resolveExporter(opts.exporter);
        for (const n of exporterNotes(planned, exporter)) io.err(`note: ${n}\n`);
        const sidecarPorts = await allocateSidecarPorts(opts.dir, planned, previous, exporter, ports);
        const now = new Date().toISOString();
        const state: LocalState = {
            format: 1,
            createdAt: previousState?.createdAt ?? now,
            updatedAt: now,
            sourceDescription: opts.sourceDescription,
            clusters: opts.clusters,
            maxLagSeconds: Object.fromEntries(plans.map((p) => [p.name, p.maxReplicaLagSeconds])),
            instances: [],
        };

        // Instances that are no longer online in the plan: stop them, keep their data (a retained claim).
        const wanted = new Set(planned.map((p) => p.inst.name));
        await stopUnwantedSidecars(opts.dir, previous.values(), sidecarPorts);
        for (const prev of previous.values()) {
            if (wanted.has(prev.name)) continue;
            if (isRunning(prev)) {
                io.err(`${prev.name}: no longer online in the plan; stopping it (pid ${prev.pid}), data kept in ${prev.dataDir}\n`);
                await stopServer(prev);
            }
        }

        for (const p of planned) {
            const prev = previous.get(p.inst.name);
            state.instances.push(
                instanceRecord(
                    opts.dir,
                    p,
                    ports.get(p.inst.name)!,
                    prev && isRunning(prev) ? prev.pid : null,
                    sidecarFields(opts.dir, p.inst.name, prev, sidecarPorts),
                ),
            );
        }
        state.instances.sort((a, b) => a.cluster.localeCompare(b.cluster) || a.ordinal - b.ordinal);
        const run = runOf(opts.dir, state);
        saveRun(run);

        // Rendered files first: scripts per cluster, my.cnf per instance (rewritten every time: a running
        // server keeps its process and reads the file at its next start, like a pod after a rolling update).
        for (const plan of plans) await writeScripts(opts.dir, plan);
        for (const p of planned) {
            const li = state.instances.find((i) => i.name === p.inst.name)!;
            const paths = instancePaths(opts.dir, p.plan.name, p.inst.name);
            fs.mkdirSync(paths.tmp, { recursive: true });
            fs.writeFileSync(paths.config, localMyCnf(p.plan, p.inst, { host: li.host, port: li.port }, p.binary, paths, tuning));
        }

        const failures: { instance: string; reason: string }[] = [];
        const log = (line: string) => io.err(`${line}\n`);
        // The seeding endpoints first: a new replica may stream its copy from any instance that runs one.
        startSeedEndpoints(run, (l) => io.err(l));
        saveRun(run);
        const startOne = async (name: string): Promise<void> => {
            const li = state.instances.find((i) => i.name === name)!;
            if (isRunning(li)) {
                log(`${li.name}: already running (pid ${li.pid}) on ${li.host}:${li.port}`);
                return;
            }
            try {
                await startInstance(run, name, { withInit: true, timeoutMs, log });
            } catch (e) {
                failures.push({ instance: name, reason: (e as Error).message });
            }
        };
        for (const plan of plans) {
            const mine = planned.filter((p) => p.plan === plan).map((p) => p.inst);
            const primary = mine.find((i) => i.role === "primary");
            if (primary) await startOne(primary.name);
            const replicas = mine.filter((i) => i !== primary);
            if (primary && failures.some((f) => f.instance === primary.name)) {
                // Their init.sh would only wait for a source that is not coming.
                for (const r of replicas)
                    failures.push({ instance: r.name, reason: `not started: its source ${primary.name} failed to start` });
                continue;
            }
            await Promise.all(replicas.map((i) => startOne(i.name)));
        }
        // The exporters, beside the servers that run (an exporter answers mysql_up 0 until its server does).
        await startExporters(run, exporter, (l) => io.err(l));
        saveRun(run);
        if (failures.length) return { code: 1, state, failures };

        const notReady = await waitReady(run, timeoutMs, io);
        if (notReady.length) return { code: 1, state, failures: notReady };
        return { code: 0, state };
    } finally {
        release();
    }
}

/**
 * Runs `probe.sh readiness` (the pods' readiness probe) on every instance of the run until all pass, a
 * server dies, or the timeout expires. Reports progress on stderr every 5 seconds.
 */
export async function waitReady(run: LocalRun, timeoutMs: number, io: Io): Promise<{ instance: string; reason: string }[]> {
    const deadline = Date.now() + timeoutMs;
    const last = new Map<string, string>();
    const failed: { instance: string; reason: string }[] = [];
    const pending = new Set(run.state.instances.map((i) => i.name));
    let lastReport = Date.now();
    while (pending.size) {
        await Promise.all(
            [...pending].map(async (name) => {
                const li = run.state.instances.find((i) => i.name === name)!;
                if (!isRunning(li)) {
                    pending.delete(name);
                    failed.push({ instance: name, reason: `mysqld is not running (pid ${li.pid ?? "none"}); see ${li.log}` });
                    return;
                }
                const res = await probeInstance(run, name, "readiness");
                if (res.ok) {
                    pending.delete(name);
                    io.err(`${name}: ready\n`);
                } else {
                    last.set(name, res.reason);
                }
            }),
        );
        if (!pending.size || Date.now() > deadline) break;
        if (Date.now() - lastReport >= 5000) {
            lastReport = Date.now();
            io.err(
                `waiting for ${pending.size} instance(s) to be ready: ${[...pending].map((n) => `${n} (${last.get(n) ?? "?"})`).join("; ")}\n`,
            );
        }
        await sleep(500);
    }
    return [
        ...failed,
        ...[...pending].map((n) => ({ instance: n, reason: `not ready after ${Math.round(timeoutMs / 1000)} s: ${last.get(n) ?? "?"}` })),
    ];
}
