/**
 * The checks of `backup:` and `restore:` (components/planner/checks/backup.ts), table-driven: the specification
 * that breaks a rule and the exact error (path, value, message, fix); a sound one gives none. Then the plan they
 * lead to: every default resolved, the storage reduced to its kind, the folder and the backup method.
 */
import {
    checkBackupFolderDistinct,
    checkBackupSchedule,
    checkBackupStorage,
    checkRestoreSource,
    restorePointInTimeErrors,
} from "../../../components/planner/checks/backup";
import { planClusters } from "../../../components/planner/plan";
import type { StructuralError } from "../../../components/spec/errors";
import type { BackupSpec, ClusterSpec, RestoreSpec } from "../../../components/spec/types";
import { one } from "../fixtures";

const s3 = { bucket: "myriad-backups", prefix: "prod", credentialsSecret: "orders-backup-s3" };
const withBackup = (b: Partial<BackupSpec> = {}, extra: Partial<ClusterSpec> = {}) => one({ backup: { storage: { s3 }, ...b }, ...extra });
const withRestore = (r: Partial<RestoreSpec> = {}, from: Partial<RestoreSpec["from"]> = {}) =>
    one({ restore: { from: { storage: { s3 }, cluster: "orders", namespace: "prod", version: "8.0.36", ...from }, ...r } });

const err = (path: string, value: unknown, message: string, fix: string): StructuralError => ({ path, value, message, fix });
const P = "clusters[0]";

describe("checkBackupStorage", () => {
    it.each<[string, ClusterSpec, StructuralError[]]>([
        ["no backup", one(), []],
        ["a sound S3 storage", withBackup(), []],
        ["a local directory", one({ backup: { storage: { local: { path: "/var/backups/myriad" } } } }), []],
        [
            "no kind",
            one({ backup: { storage: {} } }),
            [
                err(
                    `${P}.backup.storage`,
                    {},
                    "no storage kind given",
                    "give exactly one of s3, gcs, azure, local (docs/configuration.md#cluster-fields)",
                ),
            ],
        ],
        [
            "two kinds",
            one({ backup: { storage: { s3, local: { path: "/b" } } } }),
            [
                err(
                    `${P}.backup.storage`,
                    { s3, local: { path: "/b" } },
                    "more than one storage kind given (s3, local)",
                    "give exactly one of s3, gcs, azure, local (docs/configuration.md#cluster-fields)",
                ),
            ],
        ],
        [
            "the Secret name missing",
            one({ backup: { storage: { s3: { bucket: "myriad-backups" } } } }),
            [
                err(
                    `${P}.backup.storage.s3.credentialsSecret`,
                    undefined,
                    "the storage needs the name of a Secret with its credentials",
                    "create a Secret in the cluster's namespace with the key(s) access-key-id and secret-access-key and name it here",
                ),
            ],
        ],
        [
            "a bad bucket and prefix",
            one({ backup: { storage: { gcs: { bucket: "My_Bucket", prefix: "/a/../b/", credentialsSecret: "gcs" } } } }),
            [
                err(
                    `${P}.backup.storage.gcs.bucket`,
                    "My_Bucket",
                    "not a bucket name",
                    "use 3 to 63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit",
                ),
                err(
                    `${P}.backup.storage.gcs.prefix`,
                    "/a/../b/",
                    "not a folder path",
                    "use segments of letters, digits, '.', '_' and '-' joined by '/', without a leading or trailing '/' and without '.' or '..'",
                ),
            ],
        ],
        [
            "an Azure account name",
            one({ backup: { storage: { azure: { account: "Prod-Store", container: "backups", credentialsSecret: "az" } } } }),
            [
                err(
                    `${P}.backup.storage.azure.account`,
                    "Prod-Store",
                    "not a storage account name",
                    "use 3 to 24 lower-case letters and digits",
                ),
            ],
        ],
        [
            "a relative local path",
            one({ backup: { storage: { local: { path: "backups" } } } }),
            [
                err(
                    `${P}.backup.storage.local.path`,
                    "backups",
                    "a local storage path must be absolute",
                    "give an absolute directory path without '..', e.g. /var/backups/myriad",
                ),
            ],
        ],
        [
            "an endpoint that is no URL",
            withBackup({ storage: { s3: { ...s3, endpoint: "s3.example.com" } } }),
            [
                err(
                    `${P}.backup.storage.s3.endpoint`,
                    "s3.example.com",
                    "not an http(s) URL",
                    "give the S3-compatible service's URL, e.g. https://s3.example.com, or remove it for AWS S3",
                ),
            ],
        ],
    ])("%s", (_, spec, expected) => {
        expect(checkBackupStorage(spec, P)).toEqual(expected);
    });
});

describe("checkBackupSchedule", () => {
    const fix = 'give a five-field cron expression in UTC, e.g. "0 3 * * *" (daily at 03:00)';
    it.each<[string, string | undefined, string | null]>([
        ["the default", undefined, null],
        ["every 15 minutes", "*/15 * * * *", null],
        ["weekdays by name", "30 1 * * mon-fri", null],
        ["six fields", "0 0 3 * * *", "a schedule has five fields (minute hour day-of-month month day-of-week), this one has 6"],
        ["a minute out of range", "61 3 * * *", "not a valid cron expression: Constraint error, got value 61 expected range 0-59"],
        ["a day that never comes", "0 0 31 2 *", "not a valid cron expression: Invalid explicit day of month definition"],
    ])("%s", (_, schedule, message) => {
        const errors = checkBackupSchedule(withBackup(schedule === undefined ? {} : { schedule }), P);
        expect(errors).toEqual(message === null ? [] : [err(`${P}.backup.schedule`, schedule, message, fix)]);
    });
});

describe("checkRestoreSource", () => {
    it("accepts a sound source", () => expect(checkRestoreSource(withRestore(), P)).toEqual([]));
    it("needs the source's version, exactly", () => {
        expect(checkRestoreSource(withRestore({}, { version: undefined }), P)).toEqual([
            err(
                `${P}.restore.from.version`,
                undefined,
                "the server version of the source cluster is needed to judge the restore before deploy",
                "give the source cluster's server version (X.Y.Z, as the backup's manifest records it)",
            ),
        ]);
        expect(checkRestoreSource(withRestore({}, { version: "8.0" }), P)).toEqual([
            err(`${P}.restore.from.version`, "8.0", "not a server version", "give the exact version X.Y.Z, e.g. 10.11.6"),
        ]);
    });
    it("names a bad cluster and the source storage's errors", () => {
        const spec = withRestore({}, { cluster: "Orders", storage: { s3: { bucket: "b" } } });
        expect(checkRestoreSource(spec, P).map((e) => e.path)).toEqual([
            `${P}.restore.from.storage.s3.bucket`,
            `${P}.restore.from.storage.s3.credentialsSecret`,
            `${P}.restore.from.cluster`,
        ]);
    });
});

describe("restorePointInTimeErrors", () => {
    const now = new Date("2026-12-07T12:00:00Z");
    it.each<[string, string | undefined, string | null]>([
        ["latest by default", undefined, null],
        ["latest", "latest", null],
        ["a past time", "2026-12-07T10:15:30Z", null],
        ["a fraction of a second", "2026-12-07T10:15:30.250Z", "not a point in time"],
        ["now itself", "2026-12-07T12:00:00Z", null],
        ["a future time", "2026-12-07T12:00:01Z", "the point in time is in the future"],
        ["a local time", "2026-12-07T10:15:30+01:00", "not a point in time"],
        ["a date alone", "2026-12-07", "not a point in time"],
        ["a day that does not exist", "2026-02-30T10:00:00Z", "not a point in time"],
    ])("%s", (_, t, message) => {
        const errors = restorePointInTimeErrors(withRestore(t === undefined ? {} : { pointInTime: t }), P, now);
        expect(errors.map((e) => [e.path, e.value, e.message])).toEqual(message === null ? [] : [[`${P}.restore.pointInTime`, t, message]]);
    });
});

describe("checkBackupFolderDistinct", () => {
    it("refuses a cluster that would write into the folder it is restored from", () => {
        const spec: ClusterSpec = {
            ...withRestore({}, { namespace: undefined }),
            backup: { storage: { s3: { ...s3, credentialsSecret: "other" } } },
        };
        expect(checkBackupFolderDistinct(spec, P)).toEqual([
            err(
                `${P}.backup.storage`,
                spec.backup!.storage,
                "the cluster would write its backups into the folder it is restored from, mixing its binary logs with the source's",
                "give the restored cluster another name, namespace or storage prefix (the source's backups stay where they are)",
            ),
        ]);
    });
    it("accepts another namespace", () => {
        expect(checkBackupFolderDistinct({ ...withRestore(), backup: { storage: { s3 } } }, P)).toEqual([]);
    });
});

describe("the plan", () => {
    it("resolves every default and the method from the primary's image", () => {
        const { plans, errors } = planClusters([
            {
                name: "orders",
                namespace: "prod",
                backup: { storage: { s3 } },
                templates: [{ name: "main", image: "mariadb:10.11.6", replicas: 2 }],
            },
        ]);
        expect(errors).toEqual([]);
        expect(plans[0].backup).toEqual({
            storage: {
                kind: "s3",
                bucket: "myriad-backups",
                prefix: "prod",
                endpoint: null,
                region: "us-east-1",
                credentialsSecret: "orders-backup-s3",
            },
            folder: "prod/prod/orders",
            schedule: "0 3 * * *",
            fullBackupsKept: 7,
            binlogs: "continuous",
            method: "mariadb-backup",
            rcloneImage: "rclone/rclone:1.68.2",
        });
        expect(plans[0].restore).toBeNull();
        expect(plans[0].objects.backupCronJob).toBe("orders-backup");
    });
    it("names a logical dump where no physical tool fits, XtraBackup where the image carries it", () => {
        const plan = (backupTool?: "xtrabackup") =>
            planClusters([{ ...withBackup(), templates: [{ name: "main", image: "mysql:8.0.36", replicas: 2, backupTool }] }]).plans[0];
        expect(plan().backup!.method).toBe("logical");
        expect(plan("xtrabackup").backup!.method).toBe("xtrabackup");
    });
    it("carries the restore source, the source namespace defaulting to the cluster's", () => {
        const { plans } = planClusters([
            {
                name: "copy",
                restore: { from: { storage: { local: { path: "/b" } }, cluster: "orders", version: "8.0.36" } },
                templates: [{ name: "main", image: "mysql:8.0.40", replicas: 1 }],
            },
        ]);
        expect(plans[0].restore).toEqual({
            storage: { kind: "local", path: "/b", prefix: "" },
            folder: "default/orders",
            sourceCluster: "orders",
            sourceNamespace: "default",
            sourceFlavor: "mysql",
            sourceVersion: "8.0.36",
            pointInTime: "latest",
        });
    });
    it("reports an unknown storage kind by the shape check, with the cluster's other errors", () => {
        const { errors } = planClusters([one({ backup: { storage: { ftp: { host: "x" } } as never } })]);
        expect(errors.map((e) => [e.path, e.message])).toEqual([
            ["clusters[0].backup.storage.ftp", "unknown key 'ftp'"],
            ["clusters[0].backup.storage", "no storage kind given"],
        ]);
    });
});
