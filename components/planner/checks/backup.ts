/**
 * The cross-field checks of `backup:` and `restore:` (docs/configuration.md#cluster-fields): one named pure
 * function per rule, each returning its structural errors (path, bad value, message, fix), registered in
 * CLUSTER_CHECKS (./index.ts). Whether a backup may be restored into the cluster's version is a compatibility
 * judgement (components/compat/backup.ts), not a structural error.
 */
import { CronExpressionParser } from "cron-parser";
import type { BackupStorageSpec, ClusterSpec } from "../../spec/types";
import type { StructuralError } from "../../spec/errors";
import { MAX_DNS_LABEL } from "../../spec/limits";
import { DEFAULTS } from "../../spec/defaults";
import { parseVersion } from "../../versions/version";
import { DNS1035_LABEL, DNS1123_LABEL, DNS1123_SUBDOMAIN } from "../../spec/kubernetes";
import { MAX_CLUSTER_NAME } from "../naming";
import { backupFolder, storagePlan } from "../backup-plan";

/** The storage kinds, in documentation order. */
export const STORAGE_KINDS = ["s3", "gcs", "azure", "local"] as const;

/** S3 and GCS bucket names: 3..63 characters of lower-case letters, digits, '.' and '-', a letter or digit at each end. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** Azure storage account names: 3..24 lower-case letters and digits. */
const AZURE_ACCOUNT = /^[a-z0-9]{3,24}$/;
/** Azure container names: 3..63 characters, lower-case letters, digits and single '-'. */
const AZURE_CONTAINER = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;
/** A folder inside a bucket: segments of letters, digits, '.', '_', '-' joined by '/'; no '..' segment. */
const PREFIX = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
/** An RFC 3339 time in UTC, to the second: binary-log events carry whole seconds, so a fraction could not be honoured. */
const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function storageErrors(s: BackupStorageSpec, p: string): StructuralError[] {
    const kinds = STORAGE_KINDS.filter((k) => s[k] !== undefined);
    if (kinds.length !== 1) {
        return [
            {
                path: p,
                value: s,
                message: kinds.length === 0 ? "no storage kind given" : `more than one storage kind given (${kinds.join(", ")})`,
                fix: `give exactly one of ${STORAGE_KINDS.join(", ")} (docs/configuration.md#cluster-fields)`,
            },
        ];
    }
    const errors: StructuralError[] = [];
    const err = (field: string, value: unknown, message: string, fix: string) =>
        errors.push({ path: `${p}.${field}`, value, message, fix });
    const secret = (kind: string, name: string | undefined, keys: string) => {
        if (name === undefined)
            err(
                `${kind}.credentialsSecret`,
                undefined,
                "the storage needs the name of a Secret with its credentials",
                `create a Secret in the cluster's namespace with the key(s) ${keys} and name it here`,
            );
        else if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253)
            err(
                `${kind}.credentialsSecret`,
                name,
                "not a Secret name (a DNS-1123 subdomain)",
                "use the name of an existing Secret: lower-case letters, digits, '-' and '.'",
            );
    };
    const prefix = (kind: string, value: string | undefined) => {
        if (value !== undefined && (!PREFIX.test(value) || value.split("/").some((seg) => seg === "." || seg === "..")))
            err(
                `${kind}.prefix`,
                value,
                "not a folder path",
                "use segments of letters, digits, '.', '_' and '-' joined by '/', without a leading or trailing '/' and without '.' or '..'",
            );
    };
    if (s.s3) {
        if (!BUCKET.test(s.s3.bucket))
            err(
                "s3.bucket",
                s.s3.bucket,
                "not an S3 bucket name",
                "use 3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit",
            );
        prefix("s3", s.s3.prefix);
        if (s.s3.endpoint !== undefined && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(s.s3.endpoint))
            err(
                "s3.endpoint",
                s.s3.endpoint,
                "not an http(s) URL",
                "give the S3-compatible service's URL, e.g. https://s3.example.com, or remove it for AWS S3",
            );
        if (s.s3.region !== undefined && !/^[a-z0-9-]{1,40}$/.test(s.s3.region))
            err("s3.region", s.s3.region, "not a region name", "use the provider's region name, e.g. eu-west-1");
        secret("s3", s.s3.credentialsSecret, "access-key-id and secret-access-key");
    }
    if (s.gcs) {
        if (!BUCKET.test(s.gcs.bucket))
            err(
                "gcs.bucket",
                s.gcs.bucket,
                "not a bucket name",
                "use 3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit",
            );
        prefix("gcs", s.gcs.prefix);
        secret("gcs", s.gcs.credentialsSecret, "service-account.json");
    }
    if (s.azure) {
        if (!AZURE_ACCOUNT.test(s.azure.account))
            err("azure.account", s.azure.account, "not a storage account name", "use 3 to 24 lower-case letters and digits");
        if (!AZURE_CONTAINER.test(s.azure.container))
            err(
                "azure.container",
                s.azure.container,
                "not a blob container name",
                "use 3 to 63 lower-case letters, digits and single '-', starting and ending with a letter or digit",
            );
        prefix("azure", s.azure.prefix);
        secret("azure", s.azure.credentialsSecret, "account-key");
    }
    if (s.local && (!s.local.path.startsWith("/") || s.local.path.split("/").includes("..")))
        err(
            "local.path",
            s.local.path,
            "a local storage path must be absolute",
            "give an absolute directory path without '..', e.g. /var/backups/myriad",
        );
    return errors;
}

/** `backup.storage` names exactly one well-formed storage, with its credentials Secret. */
export function checkBackupStorage(spec: ClusterSpec, path: string): StructuralError[] {
    return spec.backup ? storageErrors(spec.backup.storage, `${path}.backup.storage`) : [];
}

/** `backup.schedule` is a five-field cron expression (UTC), as a Kubernetes CronJob reads it, that fires. */
export function checkBackupSchedule(spec: ClusterSpec, path: string): StructuralError[] {
    const schedule = spec.backup?.schedule;
    if (schedule === undefined) return [];
    const fields = schedule.trim().split(/\s+/);
    let problem: string | undefined;
    if (fields.length !== 5)
        problem = `a schedule has five fields (minute hour day-of-month month day-of-week), this one has ${fields.length}`;
    else {
        try {
            CronExpressionParser.parse(schedule, { tz: "UTC" }).next();
        } catch (e) {
            problem = `not a valid cron expression: ${(e as Error).message}`;
        }
    }
    if (!problem) return [];
    return [
        {
            path: `${path}.backup.schedule`,
            value: schedule,
            message: problem,
            fix: `give a five-field cron expression in UTC, e.g. "${DEFAULTS.backupSchedule}" (daily at 03:00)`,
        },
    ];
}

/** `restore.from` names a storage, a cluster, its namespace and the version its backups were taken from. */
export function checkRestoreSource(spec: ClusterSpec, path: string): StructuralError[] {
    const r = spec.restore;
    if (!r) return [];
    const p = `${path}.restore.from`;
    const errors = storageErrors(r.from.storage, `${p}.storage`);
    if (!DNS1035_LABEL.test(r.from.cluster) || r.from.cluster.length > MAX_CLUSTER_NAME)
        errors.push({
            path: `${p}.cluster`,
            value: r.from.cluster,
            message: "not a cluster name",
            fix: "give the name of the cluster whose backups are restored",
        });
    if (r.from.namespace !== undefined && (!DNS1123_LABEL.test(r.from.namespace) || r.from.namespace.length > MAX_DNS_LABEL))
        errors.push({
            path: `${p}.namespace`,
            value: r.from.namespace,
            message: "not a namespace",
            fix: "give the namespace of the cluster whose backups are restored",
        });
    if (r.from.version === undefined)
        errors.push({
            path: `${p}.version`,
            value: undefined,
            message: "the server version of the source cluster is needed to judge the restore before deploy",
            fix: "give the source cluster's server version (X.Y.Z, as the backup's manifest records it)",
        });
    else if (!parseVersion(r.from.version) || !/^\d+\.\d+\.\d+$/.test(r.from.version))
        errors.push({
            path: `${p}.version`,
            value: r.from.version,
            message: "not a server version",
            fix: "give the exact version X.Y.Z, e.g. 10.11.6",
        });
    return errors;
}

/** `restore.pointInTime` at `now`: `latest`, or an RFC 3339 UTC time that is not in the future. */
export function restorePointInTimeErrors(spec: ClusterSpec, path: string, now: Date): StructuralError[] {
    const t = spec.restore?.pointInTime;
    if (t === undefined || t === "latest") return [];
    const p = `${path}.restore.pointInTime`;
    const ms = UTC_TIME.test(t) ? Date.parse(t) : NaN;
    // Date.parse rolls an impossible day over (02-30 is 03-02): the calendar date must survive the round trip.
    const real = !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === t.slice(0, 19);
    if (!real)
        return [
            {
                path: p,
                value: t,
                message: "not a point in time",
                fix: 'give "latest" or an RFC 3339 time in UTC to the second, e.g. 2026-12-07T10:15:30Z',
            },
        ];
    if (ms > now.getTime())
        return [
            {
                path: p,
                value: t,
                message: "the point in time is in the future",
                fix: `give a time before now (${now.toISOString().replace(/\.\d+Z$/, "Z")}), or "latest" for every shipped binary log`,
            },
        ];
    return [];
}

/** `restore.pointInTime` is `latest` or a past RFC 3339 UTC time (judged at the time of planning). */
export function checkRestorePointInTime(spec: ClusterSpec, path: string): StructuralError[] {
    return restorePointInTimeErrors(spec, path, new Date());
}

/** A cluster does not write its backups into the folder it is restored from: its binary logs would mix with the source's. */
export function checkBackupFolderDistinct(spec: ClusterSpec, path: string): StructuralError[] {
    const b = spec.backup,
        r = spec.restore;
    if (!b || !r || storageErrors(b.storage, "").length || storageErrors(r.from.storage, "").length) return [];
    const namespace = spec.namespace ?? DEFAULTS.namespace;
    const mine = storagePlan(b.storage),
        theirs = storagePlan(r.from.storage);
    const where = (s: typeof mine, folder: string) =>
        `${JSON.stringify({ ...s, prefix: undefined, credentialsSecret: undefined })}/${folder}`;
    if (
        where(mine, backupFolder(mine, namespace, spec.name)) !==
        where(theirs, backupFolder(theirs, r.from.namespace ?? namespace, r.from.cluster))
    )
        return [];
    return [
        {
            path: `${path}.backup.storage`,
            value: b.storage,
            message: "the cluster would write its backups into the folder it is restored from, mixing its binary logs with the source's",
            fix: "give the restored cluster another name, namespace or storage prefix (the source's backups stay where they are)",
        },
    ];
}

/** Every check of `backup:` and `restore:`, in report order. */
export const BACKUP_CHECKS = [
    checkBackupStorage,
    checkBackupSchedule,
    checkRestoreSource,
    checkRestorePointInTime,
    checkBackupFolderDistinct,
] as const;
