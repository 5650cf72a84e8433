/**
 * The environment of the backup scripts (backup.sh, binlog-ship.sh): the instance environment of the server they
 * talk to (programs, statements, columns and tunables, ./env.ts) plus where the backups go. Non-secret rclone
 * settings are rendered here (`RCLONE_CONFIG_MYRIAD_*`); credentials never are: backup-lib.sh reads them from the
 * mounted Secret's files (docs/backup.md#storage).
 */
import type { BackupPlan, ClusterPlan, InstancePlan, StoragePlan } from "../planner/types";
import { dialectFor } from "../mysqld/dialect";
import { logicalDumpOptions } from "../compat/seeding";
import { BACKUP_CREDENTIALS_DIR, BINLOG_POLL_SECONDS, BINLOG_SPOOL, MYSQL_PORT, RCLONE_BIN, RCLONE_REMOTE, SEED_PORT } from "./contract";
import { instanceEnv } from "./env";

/** The rclone path of a folder of a storage: `myriad:<bucket or container>/<folder>`, or `myriad:<path>/<folder>`. */
export function rcloneTarget(storage: StoragePlan, folder: string): string {
    const root =
        storage.kind === "local" ? storage.path.replace(/\/+$/, "") : storage.kind === "azure" ? storage.container : storage.bucket;
    return `${RCLONE_REMOTE}:${[root, folder].filter((p) => p !== "").join("/")}`;
}

/** The non-secret settings of the `myriad` remote (https://rclone.org/docs/#config-file: RCLONE_CONFIG_<REMOTE>_<OPTION>). */
export function rcloneRemoteEnv(storage: StoragePlan): Record<string, string> {
    const p = `RCLONE_CONFIG_${RCLONE_REMOTE.toUpperCase()}_`;
    switch (storage.kind) {
        case "s3":
            return {
                [`${p}TYPE`]: "s3",
                [`${p}PROVIDER`]: storage.endpoint ? "Other" : "AWS",
                ...(storage.endpoint ? { [`${p}ENDPOINT`]: storage.endpoint } : {}),
                [`${p}REGION`]: storage.region,
                [`${p}ENV_AUTH`]: "false",
            };
        case "gcs":
            return { [`${p}TYPE`]: "google cloud storage", [`${p}BUCKET_POLICY_ONLY`]: "true" };
        case "azure":
            return { [`${p}TYPE`]: "azureblob", [`${p}ACCOUNT`]: storage.account };
        case "local":
            return { [`${p}TYPE`]: "local" };
    }
}

/** The variables every backup script reads besides the instance environment. */
function storageEnv(backup: BackupPlan, overrides: Record<string, string>): Record<string, string> {
    return {
        MYRIAD_BACKUP_TARGET: rcloneTarget(backup.storage, backup.folder),
        MYRIAD_BACKUP_CREDENTIALS_DIR: backup.storage.kind === "local" ? "" : BACKUP_CREDENTIALS_DIR,
        MYRIAD_RCLONE: RCLONE_BIN,
        ...overrides,
    };
}

/** The instances a full backup may be taken from: the online ones of the primary's flavour and version, in ordinal order. */
export function backupDonors(plan: ClusterPlan): InstancePlan[] {
    const primary = plan.instances.find((i) => i.ordinal === plan.primary)!;
    return plan.instances.filter((i) => i.state === "online" && i.flavor === primary.flavor && i.version === primary.version);
}

/**
 * The environment of backup.sh for a cluster with `backup`. `donors` lists `host:sqlport:seedport` (the pods' DNS
 * names in Kubernetes; local runs give their loopback addresses).
 */
export function backupJobEnv(plan: ClusterPlan, overrides: Record<string, string> = {}): Record<string, string> {
    const backup = plan.backup!;
    const primary = plan.instances.find((i) => i.ordinal === plan.primary)!;
    const server = { flavor: primary.flavor, version: primary.version };
    return {
        ...instanceEnv(plan, primary),
        MYRIAD_BACKUP_METHOD: backup.method,
        MYRIAD_BACKUP_DONORS: backupDonors(plan)
            .map((i) => `${i.host}:${MYSQL_PORT}:${SEED_PORT}`)
            .join(" "),
        MYRIAD_BACKUP_KEEP: String(backup.fullBackupsKept),
        MYRIAD_DUMP_OPTIONS: backup.method === "logical" ? logicalDumpOptions(server, server).join(" ") : "",
        ...storageEnv(backup, overrides),
    };
}

/** The variables binlog-ship.sh reads besides the instance environment (the pod's sidecar adds them to `podEnv`). */
export function binlogShipperExtraEnv(
    plan: ClusterPlan,
    inst: InstancePlan,
    overrides: Record<string, string> = {},
): Record<string, string> {
    return {
        MYRIAD_BINLOG: dialectFor(inst.flavor, inst.version).binlog,
        MYRIAD_BINLOG_SPOOL: BINLOG_SPOOL,
        MYRIAD_BINLOG_POLL_SECONDS: String(BINLOG_POLL_SECONDS),
        ...storageEnv(plan.backup!, overrides),
    };
}

/** The whole environment of binlog-ship.sh beside `inst` (local runs). */
export function binlogShipperEnv(plan: ClusterPlan, inst: InstancePlan, overrides: Record<string, string> = {}): Record<string, string> {
    return { ...instanceEnv(plan, inst), ...binlogShipperExtraEnv(plan, inst, overrides) };
}

/**
 * The variables restore.sh reads besides the instance environment, for a cluster with `restore`: the source's folder,
 * the point in time and the source's version (the one the policy pack judged).
 */
export function restoreEnv(plan: ClusterPlan, overrides: Record<string, string> = {}): Record<string, string> {
    const r = plan.restore!;
    const primary = plan.instances.find((i) => i.ordinal === plan.primary)!;
    return {
        MYRIAD_BINLOG: dialectFor(primary.flavor, primary.version).binlog,
        MYRIAD_RESTORE_TARGET: rcloneTarget(r.storage, r.folder),
        MYRIAD_RESTORE_POINT: r.pointInTime,
        MYRIAD_RESTORE_VERSION: r.sourceVersion,
        MYRIAD_BACKUP_CREDENTIALS_DIR: r.storage.kind === "local" ? "" : BACKUP_CREDENTIALS_DIR,
        MYRIAD_RCLONE: RCLONE_BIN,
        ...rcloneRemoteEnv(r.storage),
        ...overrides,
    };
}
