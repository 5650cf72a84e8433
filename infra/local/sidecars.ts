/**
 * The sidecars of local instances, as in the pods: the metrics exporter beside every instance of a cluster with
 * `metrics.enabled` (./exporter.ts), and the seeding endpoint beside every instance whose image carries a physical
 * backup tool (./seed-endpoint.ts). `local up` and `local apply` share these steps, so that an instance added by
 * either gets the same sidecars: ports (an instance keeps its recorded ones), the fields of its state record,
 * stopping the sidecars the plan no longer wants, and starting the missing ones.
 */
import { scriptsDir } from "./instance";
import {
    exporterBinaryVersion,
    exporterReleaseNotes,
    exporterRunning,
    findExporter,
    startExporter,
    stopExporter,
    writeExporterCnf,
} from "./exporter";
import { freePorts, isPortFree } from "./ports";
import { envOf, type LocalRun } from "./runtime";
import { seedEndpointRunning, startSeedEndpoint, stopSeedEndpoint } from "./seed-endpoint";
import type { LocalInstance } from "./state";
import type { Planned } from "./up";

/** The sidecar ports of the planned instances that have the sidecar (instance name -> port). */
export interface SidecarPorts {
    metrics: Map<string, number>;
    seed: Map<string, number>;
}

/** The sidecar fields of an instance's state record. */
export interface SidecarFields {
    metricsPort: number | null;
    exporterPid: number | null;
    seedPort: number | null;
    seedPid: number | null;
}

/** Notes on the exporter for the planned instances: none installed, or a release too old for their servers. */
export function exporterNotes(planned: readonly Planned[], exporter: string | undefined): string[] {
    const watched = planned.filter((p) => p.plan.metrics.enabled).map((p) => p.inst);
    if (!watched.length) return [];
    if (!exporter) return ["no metrics exporter installed (Debian package prometheus-mysqld-exporter); the servers run without one"];
    return exporterReleaseNotes(exporter, exporterBinaryVersion(exporter), watched);
}

/** The exporter binary a run uses: `option` when given (null: none), else the installed one. */
export function resolveExporter(option: string | null | undefined): string | undefined {
    return option === undefined ? findExporter() : (option ?? undefined);
}

/**
 * Allocates the sidecar ports: an instance keeps its recorded port when its sidecar runs or the port is still
 * free; the others get free ports, none of them a server's port (`servers`, or recorded) or a recorded sidecar's.
 */
export async function allocateSidecarPorts(
    dir: string,
    planned: readonly Planned[],
    previous: Map<string, LocalInstance>,
    exporter: string | undefined,
    servers: Map<string, { port: number }>,
): Promise<SidecarPorts> {
    const avoid = [
        ...[...servers.values()].map((e) => e.port),
        ...[...previous.values()].flatMap((p) => [p.port, p.metricsPort, p.seedPort].filter((x): x is number => typeof x === "number")),
    ];
    const metricsNames = exporter ? planned.filter((p) => p.plan.metrics.enabled).map((p) => p.inst.name) : [];
    const metrics = await keepOrAllocate(
        metricsNames,
        async (prev) =>
            prev.metricsPort !== null && prev.metricsPort !== undefined && (exporterRunning(prev) || (await isPortFree(prev.metricsPort))),
        (prev) => prev.metricsPort,
        previous,
        avoid,
    );
    const seedNames = planned.filter((p) => p.inst.backupTool !== "none").map((p) => p.inst.name);
    const seed = await keepOrAllocate(
        seedNames,
        async (prev) =>
            prev.seedPort !== null &&
            prev.seedPort !== undefined &&
            (seedEndpointRunning(prev, scriptsDir(dir, prev.cluster)) || (await isPortFree(prev.seedPort, prev.host))),
        (prev) => prev.seedPort,
        previous,
        [...avoid, ...metrics.values()],
    );
    return { metrics, seed };
}

async function keepOrAllocate(
    names: string[],
    keeps: (prev: LocalInstance) => Promise<boolean>,
    recorded: (prev: LocalInstance) => number | null | undefined,
    previous: Map<string, LocalInstance>,
    avoid: number[],
): Promise<Map<string, number>> {
    const ports = new Map<string, number>();
    const need: string[] = [];
    for (const name of names) {
        const prev = previous.get(name);
        if (prev && (await keeps(prev))) ports.set(name, recorded(prev)!);
        else need.push(name);
    }
    const fresh = await freePorts(need.length, [...avoid, ...ports.values()]);
    need.forEach((n, i) => ports.set(n, fresh[i]));
    return ports;
}

/** The sidecar fields of a planned instance's new record: its ports, and the pids of the sidecars that run on them. */
export function sidecarFields(dir: string, name: string, prev: LocalInstance | undefined, ports: SidecarPorts): SidecarFields {
    const metricsPort = ports.metrics.get(name) ?? null;
    const seedPort = ports.seed.get(name) ?? null;
    return {
        metricsPort,
        exporterPid:
            prev && metricsPort !== null && prev.metricsPort === metricsPort && exporterRunning(prev) ? (prev.exporterPid ?? null) : null,
        seedPort,
        seedPid:
            prev && seedPort !== null && prev.seedPort === seedPort && seedEndpointRunning(prev, scriptsDir(dir, prev.cluster))
                ? (prev.seedPid ?? null)
                : null,
    };
}

/**
 * Stops the recorded sidecars the new allocation does not keep (the instance left the plan, or lost the sidecar)
 * and clears their ports in those records (a record kept for an instance that leaves then starts none again).
 */
export async function stopUnwantedSidecars(dir: string, previous: Iterable<LocalInstance>, ports: SidecarPorts): Promise<void> {
    for (const prev of previous) {
        if (ports.metrics.get(prev.name) !== prev.metricsPort) {
            if (exporterRunning(prev)) await stopExporter(prev);
            prev.metricsPort = null;
            prev.exporterPid = null;
        }
        const scripts = scriptsDir(dir, prev.cluster);
        if (ports.seed.get(prev.name) !== prev.seedPort) {
            if (seedEndpointRunning(prev, scripts)) await stopSeedEndpoint(prev, scripts);
            if (prev.seedPort !== undefined) prev.seedPort = null;
            if (prev.seedPid !== undefined) prev.seedPid = null;
        }
    }
}

/** Starts the seeding endpoint of every instance of the run that has a port and none running (before the servers: a new replica may stream from any). */
export function startSeedEndpoints(run: LocalRun, log: (line: string) => void): void {
    for (const li of run.state.instances) {
        if (li.seedPort === null || li.seedPort === undefined) continue;
        const scripts = scriptsDir(run.dir, li.cluster);
        if (seedEndpointRunning(li, scripts)) continue;
        startSeedEndpoint(li, scripts, envOf(run, li.name));
        log(`${li.name}: seeding endpoint (pid ${li.seedPid}) on ${li.host}:${li.seedPort}\n`);
    }
}

/** Starts the exporter of every instance of the run that has a metrics port and none running (an exporter answers mysql_up 0 until its server runs). */
export async function startExporters(run: LocalRun, exporter: string | undefined, log: (line: string) => void): Promise<void> {
    if (!exporter) return;
    for (const li of run.state.instances) {
        if (li.metricsPort === null || li.metricsPort === undefined) continue;
        const plan = run.plans.find((p) => p.name === li.cluster);
        if (!plan) continue;
        await writeExporterCnf(li, run.secrets);
        if (exporterRunning(li)) continue;
        startExporter(plan, li, exporter);
        log(`${li.name}: metrics exporter (pid ${li.exporterPid}) on ${li.host}:${li.metricsPort}\n`);
    }
}
