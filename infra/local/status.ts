/**
 * `myriad local status`: what a local run has started. JSON shape (stable):
 * `{"instances":[{"name","ordinal","serverId","role","host","port","pid","version", ...}]}` with, in
 * addition, `cluster`, `template`, `source`, `flavor`, `plannedVersion`, `running` (the recorded pid still
 * runs this instance's mysqld), `ready` (the pod's readiness probe passes; null when not running) and
 * `metricsPort` (the port of its running metrics exporter on 127.0.0.1, serving `/metrics`; null when none runs)
 * and `hostname` (the hostname its running mysqld sees, `@@hostname`: the instance's name when it runs in its own
 * UTS namespace, else the machine's; null when not running).
 */
import type { LocalInstance } from "./state";
import { exporterRunning } from "./exporter";
import { hostnameOf } from "./process";
import { openRun, probeInstance, reconcileState, type LocalRun } from "./runtime";

/** One instance in `local status --format json`. */
export interface StatusInstance {
    name: string;
    ordinal: number;
    serverId: number;
    role: string;
    host: string;
    port: number;
    /** Recorded process id; null when stopped. */
    pid: number | null;
    /** Version of the running binary. */
    version: string;
    cluster: string;
    template: string;
    source: string | null;
    flavor: string;
    plannedVersion: string;
    running: boolean;
    ready: boolean | null;
    /** The readiness probe's explanation when not ready. */
    reason?: string;
    /** What happened outside myriad local, when something did: the recorded mysqld exited, or one started by hand runs. */
    outside?: string;
    /** Port of the instance's running metrics exporter on 127.0.0.1 (`/metrics`); null when none runs. */
    metricsPort: number | null;
    /** The hostname the running mysqld sees (`@@hostname`); null when not running. */
    hostname: string | null;
}

/** The `outside` text of an instance. */
export function outsideNote(o: NonNullable<LocalInstance["outside"]>): string {
    return o.event === "exited"
        ? `mysqld (pid ${o.pid}) exited outside myriad local (died, or stopped by hand; noticed ${o.noticedAt})`
        : `running as pid ${o.pid}, started outside myriad local (noticed ${o.noticedAt})`;
}

/**
 * Collects the status of every instance (runs the readiness probe of running ones), after bringing the state
 * file up to date with what runs (`reconcileState`).
 */
export async function localStatus(run: LocalRun): Promise<{ instances: StatusInstance[] }> {
    reconcileState(run.dir, run.state);
    const instances = await Promise.all(
        run.state.instances.map(async (i): Promise<StatusInstance> => {
            const running = i.pid !== null;
            const probe = running ? await probeInstance(run, i.name, "readiness") : undefined;
            const s: StatusInstance = {
                name: i.name,
                ordinal: i.ordinal,
                serverId: i.serverId,
                role: i.role,
                host: i.host,
                port: i.port,
                pid: running ? i.pid : null,
                version: i.version,
                cluster: i.cluster,
                template: i.template,
                source: i.source,
                flavor: i.flavor,
                plannedVersion: i.plannedVersion,
                running,
                ready: probe ? probe.ok : null,
                metricsPort: exporterRunning(i) ? (i.metricsPort ?? null) : null,
                hostname: running ? (hostnameOf(i.pid!) ?? null) : null,
            };
            if (probe && !probe.ok) s.reason = probe.reason;
            if (i.outside) s.outside = outsideNote(i.outside);
            return s;
        }),
    );
    return { instances };
}

/** The status of the local run in `dir`; no instances when there is none. */
export async function statusOfDir(dir: string): Promise<{ hasRun: boolean; status: { instances: StatusInstance[] } }> {
    const run = openRun(dir);
    return { hasRun: run !== undefined, status: run ? await localStatus(run) : { instances: [] } };
}
