/**
 * The metrics exporter of a local instance: the Debian package `prometheus-mysqld-exporter` (mysqld_exporter
 * 0.14.0, the pods' default image for servers before MySQL 8.0.22), started beside each local server with the sidecar's
 * arguments (`exporterArgs`), on a free loopback port. Its credentials are a client option file in the
 * run's secrets directory (mode 0600: the monitoring account, the instance's own loopback address and port), never an
 * argument. Tracked by process id like the servers; the option file's path on its command line identifies it.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ClusterPlan } from "../../components/planner/types";
import { SECRET_KEYS } from "../../components/runtime/contract";
import { exporterArgs, releaseReplicaStatusProblem, EXPORTER_RELEASES } from "../../components/runtime/exporter";
import type { InstancePlan } from "../../components/planner/types";
import { parseVersion } from "../../components/versions/version";
import { LOOPBACK } from "./ports";
import { isAlive, ownsProcess, startDetached, stopProcess } from "./process";
import { SECRETS_DIRNAME, type LocalInstance } from "./state";

/** Environment variable naming the exporter binary; default `prometheus-mysqld-exporter` on PATH. */
export const EXPORTER_BIN_ENV = "MYRIAD_EXPORTER_BIN";

/** The exporter binary, or undefined when none is installed. */
export function findExporter(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const candidates = [env[EXPORTER_BIN_ENV], "prometheus-mysqld-exporter", "mysqld_exporter"].filter((c): c is string => !!c);
    for (const c of candidates) {
        if (spawnSync(c, ["--version"], { stdio: "ignore", timeout: 10000 }).status === 0) {
            if (c.includes("/")) return path.resolve(c);
            const which = spawnSync("sh", ["-c", `command -v ${c}`], { encoding: "utf8" });
            return which.status === 0 ? which.stdout.trim() : c;
        }
    }
    return undefined;
}

/** The mysqld_exporter release of a binary (`mysqld_exporter, version 0.14.0 (branch: ...)`), if it says. */
export function exporterBinaryVersion(binary: string): string | undefined {
    const r = spawnSync(binary, ["--version"], { encoding: "utf8", timeout: 10000 });
    const m = /version (\d+\.\d+\.\d+)/.exec(`${r.stdout ?? ""}${r.stderr ?? ""}`);
    return m?.[1];
}

/**
 * Notes for the instances whose replica status the local exporter's release cannot read (MySQL 8.0.22+ beside a
 * release before 0.16.0; components/runtime/exporter.ts), one per instance. The servers still run.
 */
export function exporterReleaseNotes(binary: string, release: string | undefined, instances: readonly InstancePlan[]): string[] {
    const v = release === undefined ? undefined : parseVersion(release);
    if (!v) return [];
    const notes: string[] = [];
    for (const inst of instances) {
        const problem = releaseReplicaStatusProblem(inst, v);
        if (problem)
            notes.push(
                `${inst.name}: the exporter ${binary} is ${problem}; install mysqld_exporter ${EXPORTER_RELEASES.replicaSyntax.version} or later and name it with ${EXPORTER_BIN_ENV}`,
            );
    }
    return notes;
}

/**
 * Paths of an instance's exporter files: its option file in the run's secrets directory (`DIR/secrets`, 0700,
 * where every credential of a local run lives), named after the instance (`<cluster>-<instance>-exporter.cnf`,
 * unique: it identifies the process), and its log in the instance's directory.
 */
export function exporterPaths(instanceDir: string): { cnf: string; log: string } {
    const root = path.resolve(instanceDir, "..", "..");
    const [cluster, name] = [path.basename(path.dirname(instanceDir)), path.basename(instanceDir)];
    return {
        cnf: path.join(root, SECRETS_DIRNAME, `${cluster}-${name}-${SECRET_KEYS.exporterCnf}`),
        log: path.join(instanceDir, "exporter.log"),
    };
}

/** Writes the exporter's option file from the run's monitoring password (0600). */
export async function writeExporterCnf(li: LocalInstance, secretsDir: string): Promise<string> {
    // Loaded lazily: the component's secret module pulls in the Pulumi SDK.
    const { exporterOptionFile } = await import("../../components/resources/secret");
    const password = fs.readFileSync(path.join(secretsDir, SECRET_KEYS.monitorPassword), "utf8");
    const { cnf } = exporterPaths(li.dir);
    fs.writeFileSync(cnf, exporterOptionFile(password, li.port, li.host), { mode: 0o600 });
    fs.chmodSync(cnf, 0o600);
    return cnf;
}

/** The exporter's command line for a local instance: the sidecar's arguments with a loopback listen address. */
export function localExporterArgs(plan: ClusterPlan, li: LocalInstance): string[] {
    if (li.metricsPort === null || li.metricsPort === undefined) throw new Error(`${li.name} has no metrics port`);
    return exporterArgs({ myCnf: exporterPaths(li.dir).cnf, listenAddress: `${LOOPBACK}:${li.metricsPort}`, mode: plan.mode });
}

/** True when the recorded exporter pid still runs this instance's exporter. */
export function exporterRunning(li: LocalInstance): boolean {
    return li.exporterPid !== null && li.exporterPid !== undefined && ownsProcess(li.exporterPid, exporterPaths(li.dir).cnf);
}

/** Starts the instance's exporter (detached, output to `exporter.log`) unless it runs already; records its pid. */
export function startExporter(plan: ClusterPlan, li: LocalInstance, binary: string): number {
    if (exporterRunning(li)) return li.exporterPid!;
    const p = startDetached(
        binary,
        localExporterArgs(plan, li),
        exporterPaths(li.dir).log,
        { PATH: process.env.PATH ?? "/usr/bin:/bin" },
        li.dir,
    );
    li.exporterPid = p.pid;
    return p.pid;
}

/** Stops the instance's exporter by its recorded pid (only when it is still ours). */
export async function stopExporter(li: LocalInstance): Promise<string> {
    const pid = li.exporterPid;
    if (pid === null || pid === undefined || !isAlive(pid)) return "not-running";
    const outcome = await stopProcess(pid, exporterPaths(li.dir).cnf, 10000);
    li.exporterPid = null;
    return outcome;
}
