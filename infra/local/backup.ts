/**
 * Backups of a local run (docs/backup.md#local-runs): the environments of backup.sh, binlog-ship.sh and restore.sh for
 * local instances (their loopback addresses, the run's secrets, Debian's rclone), and the processes that run them.
 * The scripts are the pods' own; only placement differs.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ClusterPlan } from "../../components/planner/types";
import { backupJobEnv, binlogShipperEnv, rcloneRemoteEnv, restoreEnv } from "../../components/runtime/backup-env";
import { envOf, type LocalRun } from "./runtime";
import { scriptsDir } from "./instance";

/** Debian's rclone (.ci/install-servers.sh installs it), or undefined. */
export function localRclone(): string | undefined {
    const r = spawnSync("sh", ["-c", "command -v rclone"], { encoding: "utf8" });
    return r.status === 0 ? r.stdout.trim() : undefined;
}

function planOf(run: LocalRun, cluster: string): ClusterPlan {
    const plan = run.plans.find((p) => p.name === cluster);
    if (!plan) throw new Error(`no cluster '${cluster}' in ${run.dir}`);
    return plan;
}

function primaryName(run: LocalRun, plan: ClusterPlan): string {
    const li = run.state.instances.find((i) => i.cluster === plan.name && i.ordinal === plan.primary);
    if (!li) throw new Error(`the primary of '${plan.name}' is not in the run`);
    return li.name;
}

/** The environment of backup.sh for a cluster of a local run with `backup:` (donors: its local instances). */
export function localBackupEnv(run: LocalRun, cluster: string, rclone: string): Record<string, string> {
    const plan = planOf(run, cluster);
    if (!plan.backup) throw new Error(`cluster '${cluster}' has no backup: field`);
    const primary = plan.instances.find((i) => i.ordinal === plan.primary)!;
    const donors = run.state.instances
        .filter((i) => i.cluster === cluster && i.plannedVersion === primary.version && i.seedPort)
        .map((i) => `${i.host}:${i.port}:${i.seedPort}`);
    const li = run.state.instances.find((i) => i.name === primaryName(run, plan))!;
    return {
        ...backupJobEnv(plan, { MYRIAD_RCLONE: rclone }),
        ...envOf(run, li.name),
        MYRIAD_BACKUP_DONORS: donors.join(" "),
        // A local run serves the planned version with the machine's binary of its series: the backup is of that binary's version.
        MYRIAD_VERSION: li.version,
        ...rcloneRemoteEnv(plan.backup.storage),
    };
}

/** The environment of binlog-ship.sh beside a local instance (its spool in the instance's directory). */
export function localShipperEnv(run: LocalRun, name: string, rclone: string): Record<string, string> {
    const li = run.state.instances.find((i) => i.name === name);
    if (!li) throw new Error(`no instance '${name}' in ${run.dir}`);
    const plan = planOf(run, li.cluster);
    if (!plan.backup) throw new Error(`cluster '${li.cluster}' has no backup: field`);
    const inst = plan.instances.find((i) => i.ordinal === li.ordinal)!;
    return {
        ...binlogShipperEnv(plan, inst, { MYRIAD_RCLONE: rclone, MYRIAD_BINLOG_SPOOL: path.join(li.dir, "binlog-spool") }),
        ...envOf(run, name),
        ...rcloneRemoteEnv(plan.backup.storage),
    };
}

/** The environment of restore.sh for a local instance of a cluster with `restore:`. */
export function localRestoreEnv(run: LocalRun, name: string, rclone: string): Record<string, string> {
    const li = run.state.instances.find((i) => i.name === name);
    if (!li) throw new Error(`no instance '${name}' in ${run.dir}`);
    const plan = planOf(run, li.cluster);
    if (!plan.restore) throw new Error(`cluster '${li.cluster}' has no restore: field`);
    // The machine's binary of the series serves the planned version (as in localBackupEnv): backups are of its version.
    return { ...envOf(run, name), ...restoreEnv(plan, { MYRIAD_RCLONE: rclone, MYRIAD_RESTORE_VERSION: li.version }) };
}

/** Runs one full backup of a local cluster now (backup.sh); resolves with its exit code and output. */
export function runLocalBackup(run: LocalRun, cluster: string, rclone: string): Promise<{ code: number | null; output: string }> {
    const env = localBackupEnv(run, cluster, rclone);
    return new Promise((resolve) => {
        const child = spawn("bash", [path.join(scriptsDir(run.dir, cluster), "backup.sh")], { env, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout.on("data", (d: Buffer) => (output += d.toString()));
        child.stderr.on("data", (d: Buffer) => (output += d.toString()));
        child.on("close", (code) => resolve({ code, output }));
    });
}

/**
 * Starts binlog-ship.sh beside a local instance; its log goes to `binlog-ship.log` in the instance's directory. Stop it
 * with `process.kill(-child.pid, signal)` (the whole group).
 */
export function startLocalShipper(run: LocalRun, name: string, rclone: string): ChildProcess {
    const li = run.state.instances.find((i) => i.name === name)!;
    const log = fs.openSync(path.join(li.dir, "binlog-ship.log"), "a");
    const child = spawn("bash", [path.join(scriptsDir(run.dir, li.cluster), "binlog-ship.sh")], {
        env: localShipperEnv(run, name, rclone),
        stdio: ["ignore", log, log],
        // Its own process group, so that stopping it stops the binary-log reader it started too.
        detached: true,
    });
    fs.closeSync(log);
    return child;
}
