/**
 * The state of a local cluster run, kept in `DIR/state.json` (default DIR `.myriad/local`): which instances
 * run where (port, process id, data directory), which binary serves each, and the configuration they came
 * from, so that `status`, `down` and `verify --local` need nothing else.
 *
 * Layout of DIR:
 *   state.json                      this file (no secrets)
 *   client.cnf                      administrator's `[client]` option file (mode 0600)
 *   secrets/                        the generated passwords and option files (mode 0700, files 0600):
 *                                   the same keys as the Kubernetes Secret (root-password, root.cnf, ...)
 *   <cluster>/scripts/              the rendered scripts (every file of the scripts ConfigMap)
 *   <cluster>/<instance>/my.cnf     the rendered my.cnf plus the local-run section
 *   <cluster>/<instance>/data/      the data directory
 *   <cluster>/<instance>/*.log      init.log, mysqld.log, post-start.log
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Flavor } from "../../components/spec/types";
import type { InstanceRole } from "../../components/planner/types";

/** Default state directory, relative to the working directory. */
export const DEFAULT_DIR = ".myriad/local";
/** Name of the state file inside DIR. */
export const STATE_FILE = "state.json";
/** Name of the administrator's option file inside DIR. */
export const CLIENT_CNF = "client.cnf";
/** Name of the secrets directory inside DIR. */
export const SECRETS_DIRNAME = "secrets";

/** One instance of a local run. */
export interface LocalInstance {
    cluster: string;
    namespace: string;
    /** `<cluster>-<ordinal>`. */
    name: string;
    ordinal: number;
    template: string;
    serverId: number;
    role: InstanceRole;
    /** Name of the instance it replicates from, null for the primary. */
    source: string | null;
    /** Always 127.0.0.1. */
    host: string;
    port: number;
    /** Process id of mysqld, null when stopped. */
    pid: number | null;
    flavor: Flavor;
    /** Version the plan asked for. */
    plannedVersion: string;
    /** Version of the binary that runs it. */
    version: string;
    /** Flavour of the binary that runs it (a MySQL binary may serve a Percona template). */
    binaryFlavor: Flavor;
    /** Absolute path of the server binary. */
    binary: string;
    /** The instance's directory (my.cnf, data, logs). */
    dir: string;
    dataDir: string;
    /** Path of its my.cnf: also the marker that identifies its mysqld process. */
    config: string;
    /** mysqld's stdout/stderr (its error log). */
    log: string;
    /**
     * What happened to the instance's mysqld outside `myriad local` (noticed by `status` and every command
     * that reads the state): `exited` (the recorded process died or was stopped by hand) or `adopted` (a
     * mysqld of this instance, started by hand, now runs: its pid is recorded). Cleared when myriad starts
     * or stops the instance.
     */
    outside?: { event: "exited" | "adopted"; pid: number; noticedAt: string };
    /** Port of its metrics exporter on 127.0.0.1; null when metrics are disabled or no exporter is installed. */
    metricsPort?: number | null;
    /** Process id of its exporter, null when stopped. */
    exporterPid?: number | null;
    /** Port of its seeding endpoint (seed-donor.sh) on its own address; null when its image carries no physical backup tool. */
    seedPort?: number | null;
    /** Process id of its seeding endpoint, null when stopped. */
    seedPid?: number | null;
    /**
     * A digest of what its pod would run (my.cnf, environment, scripts), recorded when `local apply` started it:
     * the next apply restarts it only when that changes. Absent: derived from the recorded configuration.
     */
    revision?: string;
}

/** The whole state file. */
export interface LocalState {
    /** Format version of this file. */
    format: 1;
    createdAt: string;
    updatedAt: string;
    /** Where the configuration came from (`stack 'dev' (...)`, `config file x.yaml`). */
    sourceDescription: string;
    /** The raw `myriad:clusters` value the instances were planned from. */
    clusters: unknown;
    /** Maximum replica lag per cluster (readiness threshold), for verify. */
    maxLagSeconds: Record<string, number>;
    instances: LocalInstance[];
}

/** Absolute path of DIR. */
export function resolveDir(dir: string | undefined, cwd = process.cwd()): string {
    return path.resolve(cwd, dir ?? DEFAULT_DIR);
}

/** Path of the state file of DIR. */
export function statePath(dir: string): string {
    return path.join(dir, STATE_FILE);
}

/** Reads DIR/state.json, or undefined when there is none. Throws on a corrupt file. */
export function readState(dir: string): LocalState | undefined {
    const file = statePath(dir);
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw e;
    }
    const doc = JSON.parse(text) as LocalState;
    if (doc.format !== 1 || !Array.isArray(doc.instances))
        throw new Error(`${file} is not a myriad local state file (format ${String(doc.format)})`);
    return doc;
}

/** Writes DIR/state.json atomically (write to a temporary file, then rename). */
export function writeState(dir: string, state: LocalState): void {
    fs.mkdirSync(dir, { recursive: true });
    const file = statePath(dir);
    const tmp = `${file}.${process.pid}.tmp`;
    state.updatedAt = new Date().toISOString();
    fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
    fs.renameSync(tmp, file);
}

/** Lock file that keeps two `up`/`down` commands from working on the same DIR at once. */
export const LOCK_FILE = "lock";

/**
 * Takes DIR's lock (a file holding our pid). A lock left by a process that is gone is taken over.
 * Returns a release function; throws when another live process holds it.
 */
export function lockDir(dir: string): () => void {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, LOCK_FILE);
    for (let attempt = 0; attempt < 2; attempt++) {
        try {
            fs.writeFileSync(file, String(process.pid), { flag: "wx" });
            return () => fs.rmSync(file, { force: true });
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
            const holder = Number(fs.readFileSync(file, "utf8").trim());
            let alive = false;
            if (Number.isInteger(holder) && holder > 0) {
                try {
                    process.kill(holder, 0);
                    alive = true;
                } catch {
                    alive = false;
                }
            }
            if (alive && holder !== process.pid)
                throw new Error(`${dir} is in use by another myriad local command (pid ${holder}); wait for it to finish`);
            fs.rmSync(file, { force: true });
        }
    }
    throw new Error(`cannot lock ${dir}`);
}

/** Lock file held only while the state file is read, changed and written. */
export const STATE_LOCK_FILE = "state.lock";

function sleepSync(ms: number): void {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Re-reads DIR/state.json, applies `change` to the named instances and writes it back, under a short lock
 * (`state.lock`, waited for up to 10 s): commands working on different instances at the same time (two
 * `local start`s) each record their own instance without losing the other's change.
 */
export function updateInstances(dir: string, change: (byName: Map<string, LocalInstance>) => void): LocalState | undefined {
    const file = path.join(dir, STATE_LOCK_FILE);
    const deadline = Date.now() + 10000;
    for (;;) {
        try {
            fs.writeFileSync(file, String(process.pid), { flag: "wx" });
            break;
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
            let holder = NaN;
            try {
                holder = Number(fs.readFileSync(file, "utf8").trim());
            } catch {
                continue;
            }
            let alive = false;
            try {
                process.kill(holder, 0);
                alive = holder !== process.pid;
            } catch {
                alive = false;
            }
            if (!alive) fs.rmSync(file, { force: true });
            else if (Date.now() > deadline) throw new Error(`${dir}/${STATE_LOCK_FILE} is held by pid ${holder} for more than 10 s`);
            else sleepSync(20);
        }
    }
    try {
        const state = readState(dir);
        if (!state) return undefined;
        change(new Map(state.instances.map((i) => [i.name, i] as const)));
        writeState(dir, state);
        return state;
    } finally {
        fs.rmSync(file, { force: true });
    }
}

/** True when DIR's lock (held by `local up` and `local down` for their whole run) is held by a live process. */
export function dirLockHolder(dir: string): number | undefined {
    let holder: number;
    try {
        holder = Number(fs.readFileSync(path.join(dir, LOCK_FILE), "utf8").trim());
    } catch {
        return undefined;
    }
    if (!Number.isInteger(holder) || holder <= 0 || holder === process.pid) return undefined;
    try {
        process.kill(holder, 0);
        return holder;
    } catch {
        return undefined;
    }
}
