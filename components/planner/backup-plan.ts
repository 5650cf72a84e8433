/**
 * The backup and restore parts of a plan: every default of `backup:` and `restore:` resolved once, the storage
 * reduced to its one kind, and the method of the full backups decided from the primary's server and image
 * (components/compat/backup.ts). Pure; the specification was checked already (./checks/backup.ts).
 */
import type { BackupStorageSpec, ClusterSpec } from "../spec/types";
import { DEFAULTS } from "../spec/defaults";
import { RCLONE_IMAGE } from "../runtime/contract";
import { backupMethod } from "../compat/backup";
import type { BackupPlan, InstancePlan, RestorePlan, StoragePlan } from "./types";

/** The one storage kind of a checked `storage` value. */
export function storagePlan(s: BackupStorageSpec): StoragePlan {
    if (s.s3)
        return {
            kind: "s3",
            bucket: s.s3.bucket,
            prefix: s.s3.prefix ?? "",
            endpoint: s.s3.endpoint ?? null,
            region: s.s3.region ?? DEFAULTS.s3Region,
            credentialsSecret: s.s3.credentialsSecret!,
        };
    if (s.gcs) return { kind: "gcs", bucket: s.gcs.bucket, prefix: s.gcs.prefix ?? "", credentialsSecret: s.gcs.credentialsSecret! };
    if (s.azure)
        return {
            kind: "azure",
            account: s.azure.account,
            container: s.azure.container,
            prefix: s.azure.prefix ?? "",
            credentialsSecret: s.azure.credentialsSecret!,
        };
    return { kind: "local", path: s.local!.path, prefix: "" };
}

/** A cluster's folder in a storage: `<prefix>/<namespace>/<cluster>` (no leading or trailing '/'). */
export function backupFolder(storage: StoragePlan, namespace: string, cluster: string): string {
    return [storage.prefix, namespace, cluster].filter((p) => p !== "").join("/");
}

/** The backup plan, or null without `backup:`. Full backups are taken from servers of the primary's version. */
export function buildBackupPlan(spec: ClusterSpec, namespace: string, primary: InstancePlan): BackupPlan | null {
    const b = spec.backup;
    if (!b) return null;
    const storage = storagePlan(b.storage);
    return {
        storage,
        folder: backupFolder(storage, namespace, spec.name),
        schedule: b.schedule ?? DEFAULTS.backupSchedule,
        fullBackupsKept: b.retention?.fullBackups ?? DEFAULTS.backupFullBackupsKept,
        binlogs: b.binlogs ?? DEFAULTS.backupBinlogs,
        method: backupMethod(primary),
        rcloneImage: RCLONE_IMAGE,
    };
}

/** The restore plan, or null without `restore:`. */
export function buildRestorePlan(spec: ClusterSpec, namespace: string, primary: InstancePlan): RestorePlan | null {
    const r = spec.restore;
    if (!r) return null;
    const storage = storagePlan(r.from.storage);
    const sourceNamespace = r.from.namespace ?? namespace;
    return {
        storage,
        folder: backupFolder(storage, sourceNamespace, r.from.cluster),
        sourceCluster: r.from.cluster,
        sourceNamespace,
        sourceFlavor: r.from.flavor ?? primary.flavor,
        sourceVersion: r.from.version!,
        pointInTime: r.pointInTime ?? DEFAULTS.restorePointInTime,
    };
}
